import AnlanCore
import Foundation
import Testing

@testable import AnlanFormats

@Suite("CAP 1.2 XML")
struct CapXMLTests {
    static let alert = CapAlert(
        identifier: "33052900000000_20261118190640_0", sender: "33052900000000", sent: "2026-11-18T19:06:40+08:00", status: "Actual",
        msgType: "Alert", note: "含 <标记> & 符号",
        infos: [
            CapInfo(
                language: "zh-CN", categories: ["Geo"], event: "山洪灾害", responseTypes: ["Prepare"], urgency: "Immediate",
                severity: "Severe", certainty: "Likely", eventCodes: [CapValue("GB/T 35561", "floodDrought")],
                effective: "2026-11-18T19:06:40+08:00", expires: "2026-11-19T19:06:00+08:00", senderName: "示例县应急管理局",
                headline: "青山溪山洪橙色预警", description: "第一行\n第二行", instruction: "转移", parameters: [CapValue("预警级别", "橙色")],
                areas: [
                    CapArea(
                        areaDesc: "青山镇", polygons: ["30.1,119.6 30.2,119.7 30.1,119.7 30.1,119.6"],
                        geocodes: [CapValue("GB/T 2260", "330529101000")])
                ])
        ])

    @Test("what is written reads back the same and passes the schema's checks")
    func roundTrip() throws {
        let xml = CapXML.write(Self.alert)
        guard case .valid(let read) = CapXML.read(Data(xml.utf8)) else { Issue.record("own message refused"); return }
        #expect(read == Self.alert)
        #expect(CapXML.specificationIssues(read).isEmpty)
        #expect(xml.contains("&lt;标记&gt; &amp; 符号"))
    }

    @Test("every place a message breaks the schema is listed with its path")
    func issues() throws {
        let xml = CapXML.write(Self.alert)
            .replacingOccurrences(of: "<status>Actual</status>", with: "<status>Real</status>")
            .replacingOccurrences(of: "<scope>Public</scope>", with: "")
            .replacingOccurrences(of: "<category>Geo</category>", with: "<category>Weather</category>")
            .replacingOccurrences(of: "<expires>2026-11-19T19:06:00+08:00</expires>", with: "<expires>2026-11-19 19:06</expires>")
            .replacingOccurrences(of: "</areaDesc>", with: "</areaDesc><altitude>high</altitude>")
        guard case .invalid(let found) = CapXML.read(Data(xml.utf8)) else { Issue.record("broken message accepted"); return }
        let paths = found.map(\.path)
        #expect(paths.contains("/alert/status") && paths.contains("/alert/scope") && paths.contains("/alert/info[1]/category[1]"))
        #expect(paths.contains("/alert/info[1]/expires"))
        #expect(paths.contains { $0.hasPrefix("/alert/info[1]/area[1]/") }, "\(paths)")
    }

    @Test("malformed documents, other roots and entity declarations are refused before the schema")
    func malformed() {
        for text in [
            "", "not xml", CapXML.write(Self.alert).replacingOccurrences(of: "</alert>", with: ""), CapXML.write(Self.alert) + "<alert/>",
            "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.1\"/>",
            "<?xml version=\"1.0\"?><!DOCTYPE alert [<!ENTITY x \"y\">]><alert xmlns=\"\(CapXML.namespace)\"/>",
        ] {
            guard case .invalid(let found) = CapXML.read(Data(text.utf8)) else {
                Issue.record("accepted: \(text.prefix(60))")
                continue
            }
            #expect(!found.isEmpty)
        }
    }

    @Test("CAP times: the schema's pattern and a real date")
    func times() {
        for good in ["2026-11-18T19:06:40+08:00", "2024-02-29T00:00:00-05:00", "2026-12-31T24:00:00+14:00"] {
            #expect(CapXML.Schema.isCapDateTime(good), "\(good)")
        }
        for bad in [
            "2026-11-18T19:06:40Z", "2026-11-18T19:06:40", "2026-11-18T19:06:40.5+08:00", "2026-02-29T00:00:00+08:00",
            "2026-13-01T00:00:00+08:00", "2026-11-18T24:00:01+08:00", "2026-11-18T19:06:40+15:00", "2026-11-18 19:06:40+08:00",
        ] {
            #expect(!CapXML.Schema.isCapDateTime(bad), "\(bad)")
        }
    }

    @Test("the specification's own rules: no spaces or commas in identifiers, references for updates")
    func specification() {
        var alert = Self.alert
        alert.identifier = "A B"
        alert.msgType = "Update"
        let found = CapXML.specificationIssues(alert).map(\.path)
        #expect(found.contains("/alert/identifier") && found.contains("/alert/references"))
    }
}

@Suite("Polled CAP addresses")
struct CapPolledTests {
    @Test("a message, an Atom feed's CAP links, an RSS feed's items, and anything else")
    func polled() {
        let message = CapXML.write(CapXMLTests.alert)
        #expect(CapXML.polled(Data(message.utf8)) == .message)
        let atom = """
            <feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" type="application/cap+xml" href="/a/1"/>\
            <link rel="self" type="text/html" href="/page"/></entry><entry><link href="https://x.example/2.xml"/></entry></feed>
            """
        #expect(CapXML.polled(Data(atom.utf8)) == .feed(links: ["/a/1", "https://x.example/2.xml"]))
        let rss = "<rss><channel><item><link>https://x.example/3.xml</link></item><item><enclosure url=\"/4.cap\"/></item></channel></rss>"
        #expect(CapXML.polled(Data(rss.utf8)) == .feed(links: ["https://x.example/3.xml", "/4.cap"]))
        #expect(CapXML.polled(Data("<html><body/></html>".utf8)) == .unknown)
        #expect(CapXML.polled(Data("not xml".utf8)) == .unknown)
    }
}
