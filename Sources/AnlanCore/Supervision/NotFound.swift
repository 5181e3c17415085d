/// The "not found" answers of records that may exist but lie outside the caller's jurisdiction: the same
/// code and message from the repository that looks and the route that parses the ID.
extension AnlanError {
    public static let attachmentNotFound = AnlanError.notFound("attachment.not_found", "附件不存在或不在您的辖区内。")
    public static let campaignNotFound = AnlanError.notFound("campaign.not_found", "专项整治不存在或不在您的辖区内。")
    public static let caseNotFound = AnlanError.notFound("case.not_found", "案件不存在或不在您的辖区内。")
    public static let contactNotFound = AnlanError.notFound("contact.not_found", "联系人不存在或不在您的辖区内。")
    public static let documentNotFound = AnlanError.notFound("document.not_found", "文书不存在或不在您的辖区内。")
    public static let drawNotFound = AnlanError.notFound("draw.not_found", "抽查不存在或不在您的辖区内。")
    public static let hazardNotFound = AnlanError.notFound("hazard.not_found", "隐患不存在或不在您的辖区内。")
    public static let inspectionNotFound = AnlanError.notFound("inspection.not_found", "检查记录不存在或不在您的辖区内。")
}
