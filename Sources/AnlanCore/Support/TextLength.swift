extension String {
    /// A text's length as the API document counts it: JSON Schema's minLength and maxLength count Unicode code
    /// points, so "😍🏻" (a face and its skin tone) is two where Swift's `count` sees one character. Length rules on
    /// texts use this, so a text the document allows is never refused for its length, nor the reverse.
    public var codePoints: Int { unicodeScalars.count }
}
