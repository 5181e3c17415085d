import AnlanCore
import AnlanFormats
import AnlanStore
import Foundation
import Hummingbird

/// The cards of the enterprise file: supervision, contact people, target agreements, attachments, installations.
extension EnterprisePages {
    /// The file's supervision sections: open hazards, recent inspections, documents and cases.

    func contactPeopleCard(_ list: [EnterpriseContact], enterprise e: Enterprise, canEdit: Bool, csrf: String) -> HTML {
        let key = e.id.key
        let rows: [HTML] = list.map { c in
            let remove: HTML =
                canEdit
                ? """
                <form method="post" action="/enterprises/\(key)/contact-people/\(c.id.key)/remove" class="d-inline">
                  <input type="hidden" name="_csrf" value="\(csrf)"><button class="btn btn-link btn-sm p-0 text-danger">\(UIText.remove)</button></form>
                """ : .empty
            return "<tr><td>\(c.name)</td><td>\(c.title ?? "")</td><td>\(c.phone ?? "")</td><td>\(c.note ?? "")</td><td>\(remove)</td></tr>"
        }
        let form: HTML =
            canEdit
            ? """
            <form method="post" action="/enterprises/\(key)/contact-people" class="row g-2 mt-1" data-testid="contact-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md-3"><input class="form-control form-control-sm" name="name" placeholder="\(UIText.personName)" required maxlength="50"></div>
              <div class="col-md-2"><input class="form-control form-control-sm" name="title" placeholder="\(UIText.jobTitle)" maxlength="50"></div>
              <div class="col-md-3"><input class="form-control form-control-sm" name="phone" placeholder="\(UIText.phone)" maxlength="20"></div>
              <div class="col-md-2"><input class="form-control form-control-sm" name="note" placeholder="\(UIText.note)" maxlength="200"></div>
              <div class="col-md-2"><button class="btn btn-sm btn-outline-primary w-100">\(UIText.add)</button></div>
            </form>
            """ : .empty
        return """
            <div class="card mb-3" id="contact-people"><div class="card-header">\(UIText.otherContacts)</div><div class="card-body">
              <table class="table table-sm mb-0" data-testid="contact-people"><thead><tr><th>\(UIText.personName)</th><th>\(UIText.jobTitle)</th><th>\(UIText.phone)</th><th>\(UIText.note)</th><th></th></tr></thead>
              <tbody>\(rows)</tbody></table>\(form)</div></div>
            """
    }

    func agreementsCard(_ list: [TargetAgreement], enterprise e: Enterprise, canEdit: Bool, csrf: String) -> HTML {
        let key = e.id.key
        let rows: [HTML] = list.map { a in
            "<tr><td>\(String(a.year))</td><td>\(a.signedOn)</td><td>\(a.bureauSignatory) / \(a.enterpriseSignatory)</td><td style=\"white-space: pre-line\">\(a.targets)</td></tr>"
        }
        let year = Timestamp.shanghai.component(.year, from: store.environment.now())
        let form: HTML =
            canEdit
            ? """
            <form method="post" action="/enterprises/\(key)/target-agreements" class="row g-2 mt-1" data-testid="agreement-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md-2"><input class="form-control form-control-sm" name="year" type="number" value="\(String(year))" min="2000" max="2100" required aria-label="\(UIText.year)"></div>
              <div class="col-md-3"><input class="form-control form-control-sm" name="signedOn" type="date" required aria-label="\(UIText.signedOn)"></div>
              <div class="col-md-3"><input class="form-control form-control-sm" name="bureauSignatory" placeholder="\(UIText.bureauSignatory)" required maxlength="50"></div>
              <div class="col-md-4"><input class="form-control form-control-sm" name="enterpriseSignatory" placeholder="\(UIText.enterpriseSignatory)" required maxlength="50"></div>
              <div class="col-md-10"><textarea class="form-control form-control-sm" name="targets" rows="2" placeholder="\(UIText.agreementTargets)" required maxlength="2000"></textarea></div>
              <div class="col-md-2"><button class="btn btn-sm btn-outline-primary w-100">\(UIText.add)</button></div>
            </form>
            """ : .empty
        return """
            <div class="card mb-3" id="target-agreements"><div class="card-header">\(UIText.targetAgreements)</div><div class="card-body">
              <table class="table table-sm mb-0" data-testid="target-agreements"><thead><tr><th>\(UIText.year)</th><th>\(UIText.signedOn)</th><th>\(UIText.signatories)</th><th>\(UIText.agreementTargets)</th></tr></thead>
              <tbody>\(rows)</tbody></table>\(form)</div></div>
            """
    }

    func attachmentsCard(_ list: [Attachment], enterprise e: Enterprise, canEdit: Bool, csrf: String) -> HTML {
        let key = e.id.key
        let rows: [HTML] = list.map { a in
            let id = a.id.key
            let remove: HTML =
                canEdit
                ? """
                <form method="post" action="/attachments/\(id)/remove" class="d-flex gap-1">
                  <input type="hidden" name="_csrf" value="\(csrf)"><input type="hidden" name="back" value="/enterprises/\(key)#attachments">
                  <input class="form-control form-control-sm" name="reason" placeholder="\(UIText.reason)" required maxlength="200">
                  <button class="btn btn-sm btn-outline-danger text-nowrap">\(UIText.remove)</button></form>
                """ : .empty
            return """
                <tr><td><a href="/attachments/\(id)">\(a.fileName)</a></td><td class="text-nowrap">\(String(a.size / 1024 + 1)) KB</td>
                <td class="text-nowrap">\(Timestamp.display(a.createdAt))</td><td>\(a.createdBy ?? "")</td><td>\(remove)</td></tr>
                """
        }
        let form: HTML =
            canEdit
            ? Components.upload(
                target: "/api/v1/enterprises/\(key)/attachments", csrf: csrf, accept: ".jpg,.jpeg,.png,.pdf,.docx,.xlsx",
                testID: "attachment-upload")
            : .empty
        return """
            <div class="card mb-3" id="attachments"><div class="card-header">\(UIText.attachments)</div><div class="card-body">
              <table class="table table-sm mb-0" data-testid="attachments"><thead><tr><th>\(UIText.fileName)</th><th>\(UIText.size)</th><th>\(UIText.uploadedAt)</th><th>\(UIText.uploadedBy)</th><th></th></tr></thead>
              <tbody>\(rows)</tbody></table>\(form)</div></div>
            """
    }

    func installationsCard(_ installations: [HazardInstallation], enterprise e: Enterprise, canEdit: Bool, csrf: String) -> HTML {
        func number(_ value: Double) -> String {
            let rounded = (value * 1000).rounded() / 1000
            return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        }
        let units: [HTML] = installations.map { i in
            let a = i.assessment
            let lines: [HTML] = a.lines.map { l in
                "<tr><td>\(l.label)</td><td>\(number(l.quantityTonnes))</td><td>\(number(l.criticalQuantity))</td><td>\(number(l.beta))</td><td>\(number(l.ratio))</td></tr>"
            }
            let verdict: HTML =
                a.isMajorHazard
                ? "<span class=\"badge bg-danger\" data-testid=\"installation-grade\">\(UIText.isMajorHazard) · \(UIText.hazardGradeName(a.grade))</span>"
                : "<span class=\"badge bg-secondary\" data-testid=\"installation-grade\">\(UIText.notMajorHazard)</span>"
            let remove: HTML =
                canEdit
                ? """
                <form method="post" action="/enterprises/\(e.id.key)/installations/\(i.id.key)/remove" class="d-inline">
                  <input type="hidden" name="_csrf" value="\(csrf)"><button class="btn btn-link btn-sm text-danger p-0">\(UIText.removeInstallation)</button></form>
                """ : .empty
            return """
                <div class="border rounded p-2 mb-2" data-testid="installation">
                  <div class="d-flex align-items-center gap-2"><strong>\(i.name)</strong><span class="text-muted small">\(UIText.unitKindName(i.unitKind)) · \(UIText.exposedPopulation) \(i.exposedPopulation)</span>\(verdict)<span class="ms-auto">\(remove)</span></div>
                  <table class="table table-sm small mb-1 mt-1"><thead><tr><th>\(UIText.substance)</th><th>\(UIText.quantity)</th><th>\(UIText.criticalQuantity)</th><th>β</th><th>\(UIText.ratio)</th></tr></thead><tbody>\(lines)</tbody></table>
                  <div class="small" data-testid="installation-working">S = Σq/Q = \(number(a.s))\(a.isMajorHazard ? " ≥ 1" : " < 1")；α = \(number(a.alpha))；R = α·Σβq/Q = \(number(a.r))；\(UIText.ruleVersion) \(a.ruleVersion)</div>
                </div>
                """
        }
        let kinds: [HTML] = UnitKind.allCases.map { "<option value=\"\($0.rawValue)\">\(UIText.unitKindName($0))</option>" }
        let form: HTML =
            canEdit
            ? """
            <form method="post" action="/enterprises/\(e.id.key)/installations" class="row g-2 mt-1" data-testid="installation-form">
              <input type="hidden" name="_csrf" value="\(csrf)">
              <div class="col-md-5"><input class="form-control form-control-sm" name="name" placeholder="\(UIText.installationName)" required></div>
              <div class="col-md-3"><select class="form-select form-select-sm" name="unitKind">\(kinds)</select></div>
              <div class="col-md-4"><input class="form-control form-control-sm" name="exposedPopulation" type="number" min="0" placeholder="\(UIText.exposedPopulation)" required></div>
              <div class="col-12"><textarea class="form-control form-control-sm" name="holdings" rows="3" placeholder="\(UIText.holdingsHint)" required></textarea></div>
              <div class="col-12"><button class="btn btn-sm btn-outline-primary">\(UIText.addInstallation)</button></div>
            </form>
            """ : .empty
        return """
            <div class="card mb-3" id="installations"><div class="card-header">\(UIText.installations)</div><div class="card-body">
              \(installations.isEmpty ? HTML("<p class=\"text-muted\">\(UIText.noInstallations)</p>") : HTML("\(units)"))
              \(form)
            </div></div>
            """
    }

    /// Lines of "名称或类别 数量": the holdings form's text.
}
