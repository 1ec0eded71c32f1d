import Foundation

/// Room for at most `capacity` pieces of work handed over and not finished: `take` waits while
/// the room is full, `give` hands a finished piece's place to the first one waiting.
final class Room: @unchecked Sendable {
    private let lock = NSLock()
    private let capacity: Int
    /// Pieces handed over and not finished.
    private var taken = 0
    /// Those waiting for a place, in the order they came.
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Takes a place, waiting for one if the room is full.
    func take() async {
        await withCheckedContinuation { (place: CheckedContinuation<Void, Never>) in
            lock.lock()
            if taken < capacity {
                taken += 1
                lock.unlock()
                place.resume()
            } else {
                waiting.append(place)
                lock.unlock()
            }
        }
    }

    /// Gives a place back: to the first one waiting, if any. Returns whether the room is now
    /// empty.
    @discardableResult
    func give() -> Bool {
        lock.lock()
        if waiting.isEmpty {
            taken -= 1
            let empty = taken == 0
            lock.unlock()
            return empty
        }
        let next = waiting.removeFirst()
        lock.unlock()
        next.resume()
        return false
    }
}

/// Documents handed over to the sinks that end a pipeline, written one after another on a task
/// of their own, in the order they were handed over. At most `capacity` wait: a job handing
/// over one more waits for room, so memory stays bounded when the sinks are slower than the
/// stages.
final class SinkHandOff: Sendable {
    /// A document and the position of the first sink it goes to.
    struct Work: Sendable {
        let document: Document
        let from: Int
    }

    private let room: Room
    private let items: AsyncStream<Work>.Continuation
    private let worker: Task<Void, Never>

    init(capacity: Int, write: @escaping @Sendable (Work) async -> Void) {
        let room = Room(capacity: capacity)
        let (stream, items) = AsyncStream.makeStream(of: Work.self)
        self.room = room
        self.items = items
        worker = Task {
            for await work in stream {
                await write(work)
                room.give()
            }
        }
    }

    /// Hands a document over, waiting for room if `capacity` are already waiting.
    func submit(_ work: Work) async {
        await room.take()
        items.yield(work)
    }

    /// Waits until every document handed over has been written; takes no more.
    func drain() async {
        items.finish()
        await worker.value
    }
}
