import Foundation
import Testing
@testable import IngestKit

@Suite struct SHA256Tests {
    @Test func digestsMatchTheStandardTestVectors() {
        #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func feedingInPiecesGivesTheSameDigest() {
        let text = String(repeating: "政府信息公开工作年度报告", count: 97)
        var hasher = SHA256()
        let bytes = Data(text.utf8)
        var offset = 0
        for size in [1, 63, 64, 65, 200, 7] where offset < bytes.count {
            hasher.update(bytes[offset..<min(offset + size, bytes.count)])
            offset += size
        }
        hasher.update(bytes[min(offset, bytes.count)...])
        #expect(hasher.finalizeHex() == SHA256.hex(of: bytes))
    }

    @Test(arguments: [0, 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) - 5])
    func aFileHashesAsItsBytesDoAcrossTheReadBuffersEdges(size: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let bytes = Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)")
        try bytes.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try SHA256.hex(ofFileAt: url) == SHA256.hex(of: bytes))
    }

    @Test func aFileThatCannotBeReadIsNamedWithTheReason() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString).pdf")
        #expect { try SHA256.hex(ofFileAt: url) } throws: { error in
            error.localizedDescription == "\(url.path): No such file or directory"
        }
        #expect { try SHA256.hex(ofFileAt: URL(fileURLWithPath: "/")) } throws: { error in
            error.localizedDescription == "/: Is a directory"
        }
    }
}
