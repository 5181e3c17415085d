import AnlanCore
import AnlanStore
import AnlanTesting
import Foundation
import Testing

@Suite("Enterprise file records: contacts, agreements, attachments, sectors")
struct EnterpriseRecordsTests {
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 100))

    @Test("contacts and target agreements are validated, scoped, one agreement per year, and audited")
    func contactsAndAgreements() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let staff = try await f.caller("staff")
            let officer = try await f.caller("enterprise")
            let township = try await f.caller("township")  // 青山镇; the officer's enterprise is in another township
            let own = try #require(officer.enterpriseID)
            let records = f.store.records

            await #expect(throws: AnlanError.self) {
                _ = try await records.addContact(
                    to: own, EnterpriseContact(id: UUID(), name: "张三", title: nil, phone: "abc", note: nil), by: officer)
            }
            let added = try await records.addContact(
                to: own, EnterpriseContact(id: UUID(), name: " 张三 ", title: "值班长", phone: "0572-5551234", note: nil), by: officer)
            #expect(added.name == "张三")
            #expect(try await records.contacts(of: own, by: staff).map(\.name) == ["张三"])
            await #expect(throws: AnlanError.self) { _ = try await records.contacts(of: own, by: township) }

            // Another enterprise: the officer may neither see nor change it.
            let other = try #require(
                try await f.store.enterprises.list(.init(), page: try PageRequest(), by: staff).items.first { $0.id != own })
            await #expect(throws: AnlanError.self) {
                _ = try await records.addContact(
                    to: other.id, EnterpriseContact(id: UUID(), name: "李四", title: nil, phone: nil, note: nil), by: officer)
            }

            let agreement = TargetAgreement(
                id: UUID(), year: 2026, signedOn: "2026-02-28", bureauSignatory: "李明", enterpriseSignatory: "周涛",
                targets: "杜绝较大以上事故\n隐患整改率 100%")
            await #expect(throws: AnlanError.self) { _ = try await records.addAgreement(to: own, agreement, by: officer) }
            _ = try await records.addAgreement(to: own, agreement, by: staff)
            do {
                _ = try await records.addAgreement(
                    to: own,
                    TargetAgreement(
                        id: UUID(), year: 2026, signedOn: "2026-03-01", bureauSignatory: "李明", enterpriseSignatory: "周涛", targets: "再签"),
                    by: staff)
                Issue.record("two agreements for one year")
            } catch let error as AnlanError { #expect(error.code == "agreement.year_exists") }
            await #expect(throws: AnlanError.self) {
                _ = try await records.addAgreement(
                    to: own,
                    TargetAgreement(
                        id: UUID(), year: 2025, signedOn: "2025-02-30", bureauSignatory: "李明", enterpriseSignatory: "周涛", targets: "x"),
                    by: staff)
            }
            #expect(try await records.agreements(of: own, by: officer).map(\.year) == [2026])

            try await records.removeContact(added.id, from: own, by: officer)
            #expect(try await records.contacts(of: own, by: staff).isEmpty)
            for action in ["enterprise.contact_add", "enterprise.contact_remove", "enterprise.agreement_add"] {
                #expect(
                    try await f.store.audit.search(.init(action: action), page: try PageRequest(), by: .console("t")).total == 1,
                    "\(action)")
            }
        }
    }

    @Test("attachments: typed by content, stored once by SHA-256, scoped, removed only with a reason, and a changed file is not served")
    func attachments() async throws {
        try await Fixtures.with(enterprises: 600) { f in
            let staff = try await f.caller("staff")
            let officer = try await f.caller("enterprise")
            let township = try await f.caller("township")
            let own = try #require(officer.enterpriseID)
            let records = f.store.records

            do {
                _ = try await records.attach(Data("MZ not a photo".utf8), fileName: "photo.jpg", to: own, by: officer)
                Issue.record("accepted an executable")
            } catch let error as AnlanError { #expect(error.code == "attachment.type_not_allowed") }
            await #expect(throws: AnlanError.self) { _ = try await records.attach(Data(), fileName: "a.png", to: own, by: officer) }

            let first = try await records.attach(Self.png, fileName: "C:\\照片\\整改前.png", to: own, by: officer)
            let second = try await records.attach(Self.png, fileName: "整改前-副本.png", to: own, by: staff)
            #expect(first.fileName == "整改前.png")
            #expect(first.contentType == "image/png")
            #expect(first.sha256 == second.sha256)
            let stored = try FileManager.default.subpathsOfDirectory(atPath: f.store.files.directory.path).filter {
                !$0.hasSuffix("/") && $0.count > 3
            }
            #expect(stored.count == 1)

            let (meta, bytes) = try await records.download(first.id, by: staff)
            #expect(bytes == Self.png && meta.fileName == "整改前.png")
            await #expect(throws: AnlanError.self) { _ = try await records.download(first.id, by: township) }
            #expect(try await records.attachments(ownerType: "enterprise", ownerID: own.uuidString.lowercased(), by: staff).count == 2)

            await #expect(throws: AnlanError.self) { try await records.removeAttachment(second.id, reason: "", by: staff) }
            try await records.removeAttachment(second.id, reason: "重复上传", by: staff)
            #expect(
                try await records.attachments(ownerType: "enterprise", ownerID: own.uuidString.lowercased(), by: staff).map(\.id) == [
                    first.id
                ])

            // Someone edits the file on disk: it is no longer served.
            let path = f.store.files.directory.appendingPathComponent(String(first.sha256.prefix(2))).appendingPathComponent(first.sha256)
            try Data("changed".utf8).write(to: path)
            do {
                _ = try await records.download(first.id, by: staff)
                Issue.record("served a changed file")
            } catch let error as AnlanError { #expect(error.code == "attachment.corrupt") }
        }
    }

    @Test("the sector list is a setting; a sector in use cannot be removed; files must name listed sectors")
    func sectors() async throws {
        try await Fixtures.with { f in
            let staff = try await f.caller("staff")
            let inspector = try await f.caller("inspector")
            #expect(try await f.store.enterprises.sectors() == SectorCatalog.defaults)
            await #expect(throws: AnlanError.self) {
                try await f.store.write(by: inspector) { tx in try await f.store.settings.setSectors(["机械"], in: tx) }
            }
            var profile = EnterpriseRepositoryTests.profile("水产冷库")
            profile.sectors = ["水产加工"]
            await #expect(throws: AnlanError.self) { _ = try await f.store.enterprises.create(profile, by: staff) }
            try await f.store.write(by: staff) { tx in
                try await f.store.settings.setSectors(SectorCatalog.defaults + ["水产加工", " 水产加工 "], in: tx)
            }
            #expect(try await f.store.enterprises.sectors().last == "水产加工")
            #expect(try await f.store.enterprises.sectors().count == SectorCatalog.defaults.count + 1)
            _ = try await f.store.enterprises.create(profile, by: staff)
            do {
                try await f.store.write(by: staff) { tx in try await f.store.settings.setSectors(SectorCatalog.defaults, in: tx) }
                Issue.record("removed a sector in use")
            } catch let error as AnlanError { #expect(error.code == "settings.sector_in_use") }
            await #expect(throws: AnlanError.self) {
                try await f.store.write(by: staff) { tx in try await f.store.settings.setSectors(["机械、轻工"], in: tx) }
            }
        }
    }
}
