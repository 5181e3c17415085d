import AnlanCore
import AnlanStore
import Foundation
import Hummingbird

/// The forms behind the enterprise file's list sections (contacts, target agreements, attachments),
/// attachment downloads, and the bureau's sector list.
extension EnterprisePages {
    func registerRecords(_ router: PageRoutes) {
        /// Runs a change from a form and returns to the file, or shows the file with the error.
        @Sendable func change(_ id: UUID, anchor: String, context: UserContext, _ body: () async throws -> Void) async throws -> Response {
            do {
                try await body()
                return Response.redirect(to: "/enterprises/\(id.key)?saved=1#\(anchor)", type: .found)
            } catch let error as AnlanError where error.kind != .notFound && error.kind != .forbidden {
                let enterprise = try await store.enterprises.get(id, by: context.caller)
                return try await file(context: context, enterprise: enterprise, notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }

        router.post("/enterprises/{id}/contact-people", .permission(.readBusinessData)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            return try await change(id, anchor: "contact-people", context: context) {
                _ = try await store.records.addContact(
                    to: id,
                    EnterpriseContact(
                        id: store.environment.newID(), name: form["name"], title: form.optional("title"), phone: form.optional("phone"),
                        note: form.optional("note")),
                    by: context.caller)
            }
        }

        router.post("/enterprises/{id}/contact-people/{contactId}/remove", .permission(.readBusinessData)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            _ = try await FormData.read(request, context: context)
            let contactID = try context.uuidParameter("contactId", notFound: AnlanError.contactNotFound)
            return try await change(id, anchor: "contact-people", context: context) {
                try await store.records.removeContact(contactID, from: id, by: context.caller)
            }
        }

        router.post("/enterprises/{id}/target-agreements", .permission(.editEnterprises)) { request, context in
            let id = try EnterprisesAPI.enterpriseID(context)
            let form = try await FormData.read(request, context: context)
            return try await change(id, anchor: "target-agreements", context: context) {
                guard let year = Int(form["year"].trimmingCharacters(in: .whitespaces)) else {
                    throw EnterpriseErrors.agreementYearInvalid
                }
                _ = try await store.records.addAgreement(
                    to: id,
                    TargetAgreement(
                        id: store.environment.newID(), year: year, signedOn: form["signedOn"], bureauSignatory: form["bureauSignatory"],
                        enterpriseSignatory: form["enterpriseSignatory"], targets: form["targets"]), by: context.caller)
            }
        }

        router.get("/attachments/{id}", .permission(.readBusinessData)) { _, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.attachmentNotFound)
            let (attachment, data) = try await store.records.download(id, by: context.caller)
            // Photos and PDFs open in the browser; documents download.
            return Download.response(
                fileName: attachment.fileName, contentType: attachment.contentType, body: .init(byteBuffer: ByteBuffer(bytes: data)),
                inline: attachment.contentType.hasPrefix("image/") || attachment.contentType == "application/pdf")
        }

        router.post("/attachments/{id}/remove", .permission(.readBusinessData)) { request, context in
            let id = try context.uuidParameter("id", notFound: AnlanError.attachmentNotFound)
            let form = try await FormData.read(request, context: context)
            try await store.records.removeAttachment(id, reason: form["reason"], by: context.caller)
            // Back to the page the form was on, if it is one of ours.
            let back = form["back"]
            return Response.redirect(to: back.hasPrefix("/") && !back.hasPrefix("//") ? back : "/enterprises", type: .found)
        }

        router.get("/settings/sectors", .permission(.configureCatalogs)) { _, context in
            return try await sectorsPage(context: context, text: nil, notice: .empty).response()
        }

        router.post("/settings/sectors", .permission(.configureCatalogs)) { request, context in
            let form = try await FormData.read(request, context: context)
            let list = form["sectors"].split(whereSeparator: \.isNewline).map(String.init)
            do {
                try await store.write(by: context.caller) { tx in try await store.settings.setSectors(list, in: tx) }
                return try await sectorsPage(context: context, text: nil, notice: Layout.alert(UIText.saved, kind: "success")).response()
            } catch let error as AnlanError {
                return try await sectorsPage(context: context, text: form["sectors"], notice: Components.refusal(error)).response(
                    status: Failure(error).status)
            }
        }
    }

    private func sectorsPage(context: UserContext, text: String?, notice: HTML) async throws -> HTML {
        let current = try await store.enterprises.sectors().joined(separator: "\n")
        let body: HTML = """
            <h1 class="h4">\(UIText.sectorSettings)</h1>
            <p class="text-muted">\(UIText.sectorSettingsHint)</p>
            <form method="post" action="/settings/sectors" style="max-width: 30rem" data-testid="sectors-form">
              <input type="hidden" name="_csrf" value="\(context.csrfToken ?? "")">
              <textarea class="form-control mb-2" name="sectors" rows="18" aria-label="\(UIText.sectorSettings)">\(text ?? current)</textarea>
              <button class="btn btn-primary">\(UIText.save)</button>
            </form>
            """
        return Layout.page(title: UIText.sectorSettings, context: context, active: "/supervision", notice: notice, body: body)
    }
}
