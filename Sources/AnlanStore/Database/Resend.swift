import AnlanCore
import SQLKit

/// Records a client names by its own ID (an inspection, a disaster entry, a site check made on a phone) keep the hash of
/// what was sent, so a resend is told apart from another record reusing the ID.
enum Resend {
    /// Whether `table` holds a row `id`: false if none; true if it holds the same content (`hash`), a resend answered
    /// with what is stored; `reused` thrown if it holds other content.
    static func isStored(in table: String, id: String, hash: String, on sql: any SQLDatabase, reused: AnlanError) async throws -> Bool {
        guard
            let existing = try await sql.select().column("content_hash").from(table).where("id", .equal, SQLBind(id))
                .first(decodingColumn: "content_hash", as: String.self)
        else { return false }
        guard existing == hash else { throw reused }
        return true
    }
}
