import Foundation

/// One field's value as a page form or a JSON body carries it.
public enum InputValue: Sendable, Equatable {
    case text(String)
    case flag(Bool)
    case number(Double)
    /// A JSON array or object where a single value belongs.
    case unreadable
}

/// The fields of one user action, whichever face carried them: a page's form or the API's JSON body. A command
/// value in Core parses itself from this once, so the same input gives the same value, or the same error code and
/// message, on both faces.
public protocol CommandInput {
    /// The field's value; nil when it is absent (or JSON null).
    func value(_ name: String) -> InputValue?
    /// Every value of a field that may repeat: a form's repeated name, or a JSON array.
    func values(_ name: String) -> [InputValue]
    /// A repeated group of fields (the lines of a stock slip): a JSON array of objects, or a form's parallel repeated
    /// fields named "<name>.<field>", the i-th of each making the i-th record. Nil when the value cannot be such a list.
    func records(_ name: String, fields: [String]) -> [any CommandInput]?
}

extension CommandInput {
    public func values(_ name: String) -> [InputValue] { value(name).map { [$0] } ?? [] }

    public func records(_ name: String, fields: [String]) -> [any CommandInput]? {
        let columns = fields.map { (name: $0, values: values("\(name).\($0)")) }
        let count = columns.map(\.values.count).max() ?? 0
        return (0..<count).compactMap { index in
            var record: [String: InputValue] = [:]
            for column in columns where index < column.values.count { record[column.name] = column.values[index] }
            // A form's empty row (every cell blank) is no record.
            let blank = record.values.allSatisfy {
                if case .text(let t) = $0 { t.trimmingCharacters(in: .whitespaces).isEmpty } else { false }
            }
            return blank ? nil : FieldsInput(record)
        }
    }
}

/// A command's input as named values: one record of a group, or what tests build.
public struct FieldsInput: CommandInput, Sendable {
    public let fields: [String: InputValue]

    public init(_ fields: [String: InputValue]) {
        self.fields = fields
    }

    public func value(_ name: String) -> InputValue? { fields[name] }
}

/// One field of a command: its wire name, its Chinese label for messages, and its limits. The API schema, the
/// form's attributes and the parser all read the same value.
public struct InputField: Sendable {
    /// The name in the form and in the JSON body ("dueDate").
    public let name: String
    /// What people call it ("整改期限"), in messages.
    public let label: String
    /// The context's error-code prefix ("hazard").
    public let context: String
    /// The middle of its own error codes ("due_date" gives hazard.due_date_invalid); several fields of one kind share one.
    public let codeStem: String
    public let maxLength: Int?
    /// What `<context>.<stem>_invalid` says, when the general wording does not tell people what to write.
    public let invalidMessage: String?

    public init(
        _ name: String, label: String, context: String, codeStem: String? = nil, maxLength: Int? = nil, invalidMessage: String? = nil
    ) {
        self.name = name
        self.label = label
        self.context = context
        self.codeStem = codeStem ?? InputField.snakeCase(name)
        self.maxLength = maxLength
        self.invalidMessage = invalidMessage
    }

    /// The field is required by this command and was not given.
    public var missing: AnlanError {
        AnlanError.invalid("\(context).field_required", "请填写\(label)。", field: name)
    }

    /// The field was given in a form it cannot take.
    public var invalid: AnlanError {
        AnlanError.invalid("\(context).\(codeStem)_invalid", invalidMessage ?? "\(label)的格式不正确。", field: name)
    }

    /// A day field that is no yyyy-MM-dd day.
    public var invalidDay: AnlanError {
        AnlanError.invalid("\(context).\(codeStem)_invalid", "\(label)须为 yyyy-MM-dd 格式的日期。", field: name)
    }

    public var tooLong: AnlanError {
        AnlanError.invalid("\(context).\(codeStem)_too_long", "\(label)不能超过 \(maxLength ?? 0) 字。", field: name)
    }

    static func snakeCase(_ name: String) -> String {
        var out = ""
        for ch in name {
            if ch.isUppercase {
                out += "_" + ch.lowercased()
            } else {
                out.append(ch)
            }
        }
        return out
    }
}

extension CommandInput {
    /// Trimmed text, nil when absent or blank; longer than the field allows is `<context>.<stem>_too_long`.
    public func text(_ field: InputField) throws -> String? {
        switch value(field.name) {
        case nil: return nil
        case .text(let raw):
            let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { return nil }
            // Counted in code points, as the API document's maxLength is (a combining mark is one more).
            if let max = field.maxLength, text.unicodeScalars.count > max { throw field.tooLong }
            return text
        case .flag, .number, .unreadable: throw field.invalid
        }
    }

    public func requiredText(_ field: InputField) throws -> String {
        guard let text = try text(field) else { throw field.missing }
        return text
    }

    /// A yes/no field: JSON true/false, or the form's "true"/"false".
    public func bool(_ field: InputField) throws -> Bool? {
        switch value(field.name) {
        case nil: return nil
        case .flag(let flag): return flag
        case .text(let text):
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "": return nil
            case "true", "1", "on": return true
            case "false", "0": return false
            default: throw field.invalid
            }
        case .number, .unreadable: throw field.invalid
        }
    }

    public func requiredBool(_ field: InputField) throws -> Bool {
        guard let flag = try bool(field) else { throw field.missing }
        return flag
    }

    /// A "yyyy-MM-dd" day; anything else is `<context>.<stem>_invalid`.
    public func day(_ field: InputField) throws -> Day? {
        guard let text = try text(field) else { return nil }
        guard let day = Day(text) else { throw field.invalidDay }
        return day
    }

    /// A whole number: JSON's integral number, or the form's digits; anything else is `<context>.<stem>_invalid`.
    public func integer(_ field: InputField) throws -> Int? {
        switch value(field.name) {
        case nil: return nil
        case .number(let number):
            guard number == number.rounded(), abs(number) < 1e15 else { throw field.invalid }
            return Int(number)
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            guard let number = Int(trimmed) else { throw field.invalid }
            return number
        case .flag, .unreadable: throw field.invalid
        }
    }

    /// A number, whole or not: JSON's number, or the form's decimal text.
    public func decimal(_ field: InputField) throws -> Double? {
        switch value(field.name) {
        case nil: return nil
        case .number(let number): return number
        case .text(let text):
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { return nil }
            guard let number = Double(trimmed), number.isFinite else { throw field.invalid }
            return number
        case .flag, .unreadable: throw field.invalid
        }
    }

    /// A record's ID; anything but a UUID is `<context>.<stem>_invalid`.
    public func uuid(_ field: InputField) throws -> UUID? {
        guard let text = try text(field) else { return nil }
        guard let id = UUID(key: text) else { throw field.invalid }
        return id
    }

    /// Every value of a repeated field as text; a value that is not text is `<context>.<stem>_invalid`.
    public func texts(_ field: InputField) throws -> [String] {
        try values(field.name).compactMap { value in
            guard case .text(let text) = value else { throw field.invalid }
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    /// A map point given as two fields, both or neither; a lone or out-of-range value is that field's `invalid`.
    public func location(latitude: InputField, longitude: InputField) throws -> GeoPoint? {
        let lat = try decimal(latitude), lon = try decimal(longitude)
        if lat == nil && lon == nil { return nil }
        guard let lat, let lon else { throw latitude.invalid }
        let point = GeoPoint(latitude: lat, longitude: lon)
        guard point.isValid else { throw (-90...90).contains(lat) ? longitude.invalid : latitude.invalid }
        return point
    }

    public func requiredDay(_ field: InputField) throws -> Day {
        guard let day = try day(field) else { throw field.missing }
        return day
    }
}

/// A command's input given as plain text fields: what tests and the command line build.
public struct TextInput: CommandInput, Sendable {
    public let fields: [String: String]

    public init(_ fields: [String: String]) {
        self.fields = fields
    }

    public func value(_ name: String) -> InputValue? { fields[name].map(InputValue.text) }
}
