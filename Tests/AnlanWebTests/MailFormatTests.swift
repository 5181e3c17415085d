import AnlanStore
import Foundation
import Testing

@testable import AnlanWeb

/// What the mail server is handed: headers a mail reader decodes to the Chinese subject, and a base64 body of short
/// lines, none starting with a dot (so SMTP's end-of-data line cannot appear inside it).
@Suite("E-mail format")
struct MailFormatTests {
    @Test("the subject is encoded words that decode to the text; the body decodes to the text with CRLF lines")
    func render() throws {
        let subject = "【示例县应急管理局】青山镇青山溪流域山洪灾害红色预警：沿溪低洼处群众立即转移到青山镇中心小学避灾安置场所"
        let text = "今晚 20:00 在县应急指挥中心召开防汛会商会。\n.\n请准时参加。"
        let mail = MailFormat.render(
            MailMessage(id: "d-1", to: "duty@yjj.example", subject: subject, text: text, date: Date(timeIntervalSince1970: 1_795_000_000)),
            from: "anlan@yjj.example", fromName: "安澜应急管理平台")
        let (head, body) = try #require(mail.components(separatedBy: "\r\n\r\n").splitFirst)
        let subjectLine = try #require(head.components(separatedBy: "\r\nSubject: ").last?.components(separatedBy: "\r\nDate:").first)
        let decoded = subjectLine.components(separatedBy: "\r\n ").map { word -> String in
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.utf8.count <= 76)
            return String(decoding: Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!, as: UTF8.self)
        }.joined()
        #expect(decoded == subject)
        #expect(head.contains("Message-ID: <d-1@anlan>") && head.contains("To: <duty@yjj.example>") && head.contains("Date: "))
        let lines = body.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 && !$0.hasPrefix(".") })
        let original = String(decoding: Data(base64Encoded: lines.joined())!, as: UTF8.self)
        #expect(original == text.replacingOccurrences(of: "\n", with: "\r\n"))
    }
}

extension Array where Element == String {
    /// The first element and the rest joined back (the head and body of a message split at its first blank line).
    fileprivate var splitFirst: (String, String)? {
        guard let first else { return nil }
        return (first, dropFirst().joined(separator: "\r\n\r\n"))
    }
}
