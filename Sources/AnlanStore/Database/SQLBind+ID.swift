import AnlanCore
import Foundation
import SQLKit

extension SQLBind {
    /// A record's ID bound as its stored text (`UUID.key`): the one place IDs meet SQL.
    public static func id(_ id: UUID) -> SQLBind { SQLBind(id.key) }

    /// An optional ID: NULL when absent.
    public static func id(_ id: UUID?) -> SQLBind { SQLBind(id?.key) }
}
