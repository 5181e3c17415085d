/// Which slice of a list the caller asked for. Pages are numbered from 1.
public struct PageRequest: Sendable, Equatable {
    public static let maximumPageSize = 200
    public static let defaultPageSize = 50

    public let page: Int
    public let pageSize: Int

    /// Validates the numbers; nil arguments take the defaults.
    public init(page: Int? = nil, pageSize: Int? = nil) throws {
        let page = page ?? 1
        let pageSize = pageSize ?? Self.defaultPageSize
        guard page >= 1, page <= 1_000_000 else {
            throw AnlanError.invalid("page.invalid", "页码必须是 1 到 1000000 之间的整数。", field: "page")
        }
        guard (1...Self.maximumPageSize).contains(pageSize) else {
            throw AnlanError.invalid(
                "page.size_invalid", "每页条数必须在 1 到 \(Self.maximumPageSize) 之间。", field: "pageSize")
        }
        self.page = page
        self.pageSize = pageSize
    }

    public var offset: Int { (page - 1) * pageSize }
}

/// One page of a list, with the total so a client can show page links.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let total: Int
    public let request: PageRequest

    public init(items: [Item], total: Int, request: PageRequest) {
        self.items = items
        self.total = total
        self.request = request
    }

    public var pageCount: Int { max(1, (total + request.pageSize - 1) / request.pageSize) }

    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), total: total, request: request)
    }

    /// Every item of a paged query, read page by page at the largest page size: for the short lists a layer, a
    /// published list or a year's table wants whole (an export of a long list writes page by page instead).
    public static func all(_ fetch: (PageRequest) async throws -> Page<Item>) async throws -> [Item] {
        var out: [Item] = []
        var number = 1
        while true {
            let page = try await fetch(try PageRequest(page: number, pageSize: PageRequest.maximumPageSize))
            out += page.items
            if number >= page.pageCount { return out }
            number += 1
        }
    }
}
