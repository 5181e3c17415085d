import AnlanCore
import AnlanStore
import Foundation

/// The indicators of the 快报 tables as one object: each indicator by its API name (people, rooms and households as
/// integers; areas and money as numbers), and `lossTotal`, the sum of the six parts of the direct loss.
struct DisasterFiguresDTO: Encodable, Sendable {
    let figures: DisasterFigures

    init(_ figures: DisasterFigures) { self.figures = figures }

    struct Key: CodingKey {
        let stringValue: String
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        for i in DisasterIndicator.allCases {
            if i.isWhole {
                try c.encode(figures.count(i), forKey: Key(i.rawValue))
            } else {
                try c.encode(figures[i], forKey: Key(i.rawValue))
            }
        }
        try c.encode(figures.lossTotal, forKey: Key("lossTotal"))
    }
}

struct DisasterReportDTO: Encodable, Sendable {
    struct LineDTO: Encodable, Sendable {
        let township: String
        let figures: DisasterFiguresDTO
    }
    let id, eventId, stage, submittedBy: String
    let sequence: Int
    let forDay: Day
    let submittedAt: Date
    let due: Date?
    let late, zeroReport: Bool
    let correctionReason, note: String?
    let lines: [LineDTO]
    let total: DisasterFiguresDTO

    init(_ r: DisasterReport) {
        id = r.id.key
        eventId = r.eventID.key
        stage = r.stage.rawValue
        submittedBy = r.submittedBy
        sequence = r.sequence
        forDay = r.forDay
        submittedAt = r.submittedAt
        due = r.due
        late = r.isLate
        zeroReport = r.zeroReport
        correctionReason = r.correctionReason
        note = r.note
        lines = r.lines.map { LineDTO(township: $0.township, figures: DisasterFiguresDTO($0.figures)) }
        total = DisasterFiguresDTO(r.total)
    }
}

struct DisasterEventDTO: Encodable, Sendable {
    struct ObligationDTO: Encodable, Sendable {
        let kind, basis: String
        let township: String?
        let day: Day?
        let due: Date
        let metAt: Date?
        let late: Bool
    }
    struct TownshipDTO: Encodable, Sendable {
        let code: String
        let figures: DisasterFiguresDTO
        let firstAcceptedAt: Date?
        let pending: Int
    }

    let id, number, type, name, description, state, createdBy: String
    let startedAt, learnedAt, initialDue, createdAt: Date
    let stabilisedAt, closedAt: Date?
    let townships: [String]
    let clock: [ObligationDTO]?
    let figures: [TownshipDTO]?
    let total: DisasterFiguresDTO?
    let reports: [DisasterReportDTO]?

    init(_ e: DisasterEvent, detail: DisasterRepository.Detail? = nil, now: Date = Date()) {
        id = e.id.key
        number = e.number
        type = e.type.rawValue
        name = e.name
        description = e.description
        state = e.state.rawValue
        createdBy = e.createdBy
        startedAt = e.startedAt
        learnedAt = e.learnedAt
        initialDue = e.initialDue
        createdAt = e.createdAt
        stabilisedAt = e.stabilisedAt
        closedAt = e.closedAt
        townships = e.townships
        clock = detail?.clock.map {
            ObligationDTO(
                kind: $0.kind.rawValue, basis: $0.basis, township: $0.township, day: $0.day, due: $0.due, metAt: $0.metAt,
                late: $0.isLate(at: now))
        }
        figures = detail?.townships.map {
            TownshipDTO(code: $0.code, figures: DisasterFiguresDTO($0.figures), firstAcceptedAt: $0.firstAcceptedAt, pending: $0.pending)
        }
        total = detail.map { DisasterFiguresDTO($0.total) }
        reports = detail?.reports.map(DisasterReportDTO.init)
    }

    init(_ d: DisasterRepository.Detail, now: Date) {
        self.init(d.event, detail: d, now: now)
    }
}

struct DisasterEntryDTO: Encodable, Sendable {
    let id, eventId, divisionCode, stage, status, enteredBy: String
    let figures: DisasterFiguresDTO
    let correctionReason, note, reviewedBy, reviewNote: String?
    let enteredAt: Date
    let reviewedAt: Date?
    let replayed: Bool?

    init(_ e: DisasterEntry, replayed: Bool? = nil) {
        id = e.id.key
        eventId = e.eventID.key
        divisionCode = e.divisionCode
        stage = e.stage.rawValue
        status = e.status.rawValue
        enteredBy = e.enteredBy
        figures = DisasterFiguresDTO(e.figures)
        correctionReason = e.correctionReason
        note = e.note
        reviewedBy = e.reviewedBy
        reviewNote = e.reviewNote
        enteredAt = e.enteredAt
        reviewedAt = e.reviewedAt
        self.replayed = replayed
    }
}

struct DisasterCasualtyDTO: Encodable, Sendable {
    let id, eventId, divisionCode, name, idNumber, sex, status, cause, recordedBy: String
    let birthDate, occurredOn: Day
    let place: String?
    let recordedAt: Date

    init(_ c: DisasterCasualty) {
        id = c.id.key
        eventId = c.eventID.key
        divisionCode = c.divisionCode
        name = c.name
        idNumber = c.idNumber
        sex = c.sex.rawValue
        status = c.status.rawValue
        cause = c.cause
        recordedBy = c.recordedBy
        birthDate = c.birthDate
        occurredOn = c.occurredOn
        place = c.place
        recordedAt = c.recordedAt
    }
}

struct DamagedHouseDTO: Encodable, Sendable {
    let id, eventId, divisionCode, householder, idNumber, damage, address, recordedBy: String
    let rooms: Int
    let phone: String?
    let recordedAt: Date

    init(_ h: DamagedHouse) {
        id = h.id.key
        eventId = h.eventID.key
        divisionCode = h.divisionCode
        householder = h.householder
        idNumber = h.idNumber
        damage = h.damage.rawValue
        address = h.address
        recordedBy = h.recordedBy
        rooms = h.rooms
        phone = h.phone
        recordedAt = h.recordedAt
    }
}

struct DisasterSettingsDTO: Encodable, Sendable {
    let progressHour, droughtProgressDays, finalWorkingDays: Int
    let initialHours: Double
    let source: String

    init(_ s: DisasterReportSettings) {
        progressHour = s.progressHour
        droughtProgressDays = s.droughtProgressDays
        finalWorkingDays = s.finalWorkingDays
        initialHours = DisasterReportSettings.initialHours
        source = DisasterReportSettings.source
    }
}

struct DisasterYearDTO: Encodable, Sendable {
    struct Event: Encodable, Sendable {
        let id, number, type, state: String
        let basis: String?
        let figures: DisasterFiguresDTO
    }
    struct TypeTotal: Encodable, Sendable {
        let type: String
        let events: Int
        let figures: DisasterFiguresDTO
    }
    let year: Int
    let events: [Event]
    let byType: [TypeTotal]
    let total: DisasterFiguresDTO
}
