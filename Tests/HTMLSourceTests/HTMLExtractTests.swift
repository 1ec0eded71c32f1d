import Foundation
import Testing
import IngestKit
import TextSource
import PDFExtract
@testable import HTMLSource

@Suite struct EncodingTests {
    /// "政府信息公开工作年度报告" in GBK.
    static let gbk: [UInt8] = [0xD5, 0xFE, 0xB8, 0xAE, 0xD0, 0xC5, 0xCF, 0xA2, 0xB9, 0xAB, 0xBF, 0xAA,
                               0xB9, 0xA4, 0xD7, 0xF7, 0xC4, 0xEA, 0xB6, 0xC8, 0xB1, 0xA8, 0xB8, 0xE6]

    func page(_ meta: String, _ body: [UInt8]) -> Data {
        Data("<html><head>\(meta)</head><body><p>".utf8) + Data(body) + Data("</p></body></html>".utf8)
    }

    @Test func metaCharsetGBKIsReadAsGB18030() async throws {
        let doc = try await Run.extract(page("<meta charset=\"gbk\">", Self.gbk))
        #expect(doc.metadata.encoding == "gb18030")
        #expect(doc.pages[0].lines.map(\.text).filter { !$0.isEmpty }.contains("政府信息公开工作年度报告"))
        #expect(doc.issues.contains { $0.message.contains("declared gbk") && $0.severity == .info })
    }

    @Test func httpEquivGB2312IsRead() async throws {
        let doc = try await Run.extract(page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">", Self.gbk))
        #expect(doc.metadata.encoding == "gb18030")
        #expect(doc.pages[0].text.contains("政府信息公开工作年度报告"))
    }

    @Test func aDeclarationTheBytesContradictIsOverruledAndSaid() async throws {
        let doc = try await Run.extract(page("<meta charset=gb2312>", Array("政府信息公开".utf8)))
        #expect(doc.metadata.encoding == "utf-8")
        #expect(doc.pages[0].text.contains("政府信息公开"))
        #expect(doc.issues.contains { $0.message.contains("declared gb2312 but the bytes are valid UTF-8: read as UTF-8") && $0.severity == .warning })
    }

    @Test func declaredUTF8ButGBKBytesIsReadAsGB18030WithAWarning() async throws {
        let doc = try await Run.extract(page("<meta charset=utf-8>", Self.gbk))
        #expect(doc.metadata.encoding == "gb18030")
        #expect(doc.pages[0].text.contains("政府信息公开工作年度报告"))
        #expect(doc.issues.contains { $0.severity == .warning && $0.message.contains("not valid UTF-8") })
    }

    @Test func undeclaredBytesAreUTF8ElseGB18030() async throws {
        let utf8 = try await Run.extract(page("", Array("年度报告".utf8)))
        #expect(utf8.metadata.encoding == "utf-8")
        #expect(utf8.issues.contains { $0.message.contains("no charset declared") })
        let gb = try await Run.extract(page("", Self.gbk))
        #expect(gb.metadata.encoding == "gb18030")
        #expect(gb.pages[0].text.contains("政府信息公开工作年度报告"))
    }

    @Test func byteOrderMarkWins() async throws {
        let doc = try await Run.extract(Data([0xEF, 0xBB, 0xBF]) + page("<meta charset=gbk>", Array("年度报告".utf8)))
        #expect(doc.metadata.encoding == "utf-8")
        #expect(doc.pages[0].text.contains("年度报告"))
        #expect(doc.issues.contains { $0.message.contains("byte order mark") })
    }

    @Test func theGBKFixtureHasNoMojibake() async throws {
        let doc = try await Run.extract(path: Run.pages.appendingPathComponent("cms-gbk.html").path)
        #expect(doc.metadata.encoding == "gb18030")
        #expect(doc.metadata.title == "青溪市自然资源局2023年政府信息公开工作年度报告")
        #expect(!doc.pages[0].text.contains("\u{FFFD}"))
    }
}

@Suite struct MarkupTests {
    @Test func brokenWordMarkupIsRead() async throws {
        let html = """
        <p class=MsoNormal style='mso-char-indent-count:2.0'><span style='font-family:仿宋_GB2312'>第一段
        文字<o:p></o:p></span>
        <p class=MsoNormal><![if !supportLists]>（一）<![endif]>第二段<b>加粗<i>未闭合
        <div>第三段</span></div>
        <ul><li>列表一<li>列表二</ul>
        """
        let doc = try await Run.extract(html)
        let lines = doc.pages[0].lines.map(\.text).filter { !$0.isEmpty }
        #expect(lines.contains("第一段文字"))
        #expect(lines.contains { $0.hasPrefix("（一）第二段加粗未闭合") }, "\(lines)")
        #expect(lines.contains("第三段"))
        #expect(lines.contains("列表一") && lines.contains("列表二"))
        #expect(doc.kind == .html)
    }

    @Test func scriptsStylesAndHiddenElementsAreLeftOut() async throws {
        let html = """
        <html><head><title>某局2023年政府信息公开工作年度报告_某市人民政府</title><style>p{color:red}</style></head>
        <body><script>var a = 1;</script><p>正文一</p><div style="display:none">隐藏</div><p hidden>也隐藏</p>
        <noscript>无脚本</noscript><p>正文二</p></body></html>
        """
        let doc = try await Run.extract(html)
        let lines = doc.pages[0].lines.map(\.text).filter { !$0.isEmpty }
        #expect(lines == ["某局2023年政府信息公开工作年度报告", "正文一", "正文二"])
        #expect(doc.metadata.title == "某局2023年政府信息公开工作年度报告")
    }

    @Test func navigationIsRemoved() async throws {
        let doc = try await Run.extract(path: Run.pages.appendingPathComponent("cms-gbk.html").path)
        let text = doc.pages[0].text
        for furniture in ["当前位置", "首页", "年度报告.pdf", "打印本页", "关闭窗口", "电脑版", "手机版", "附件下载", "主办单位", "字体", ".pdf", "999"] {
            #expect(!text.contains(furniture), "\(furniture) left in the text")
        }
        #expect(doc.pages[0].lines.first?.text == "青溪市自然资源局2023年政府信息公开工作年度报告")
        #expect(doc.pages[0].lines.filter { $0.text == "青溪市自然资源局2023年政府信息公开工作年度报告" }.count == 1)
        #expect(text.contains("一、总体情况"))
    }

    @Test func spansAreExpandedInTheGridAndWrittenOnceInTheText() async throws {
        let html = """
        <table border=1>
        <tr><td rowspan=2 colspan=2>项目</td><td colspan=2>法人或其他组织</td><td rowspan=2>总计</td></tr>
        <tr><td>商业企业</td><td>科研机构</td></tr>
        <tr><td rowspan=2>三、本年度办理结果</td><td>（一）予以公开</td><td>1</td><td>&nbsp;</td><td>1</td></tr>
        <tr><td>（二）部分公开</td><td>2</td><td>0</td><td>2</td></tr>
        </table>
        """
        let doc = try await Run.extract(html)
        #expect(doc.tables.count == 1)
        let table = try #require(doc.tables.first)
        #expect(table.layout == "html")
        #expect(table.rows.count == 4 && table.rows.allSatisfy { $0.count == 5 })
        // The merged header covers rows 0–1 and columns 0–1: its text in all four positions.
        for (r, c) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
            let cell = table.rows[r][c]
            #expect(cell.text == "项目" && cell.row == 0 && cell.column == 0 && cell.rowSpan == 2 && cell.columnSpan == 2)
        }
        #expect(table.rows[0][3].text == "法人或其他组织" && table.rows[0][3].columnSpan == 2 && table.rows[0][3].column == 2)
        #expect(table.rows[1][4].text == "总计" && table.rows[1][4].rowSpan == 2)
        #expect(table.rows[3][0].text == "三、本年度办理结果" && table.rows[3][0].row == 2 && table.rows[3][0].rowSpan == 2)
        #expect(table.rows[2][3].text == "")                      // &nbsp; is blank
        #expect(table.rows[3][1].text == "（二）部分公开" && table.rows[3][1].rowSpan == 1)
        let lines = doc.pages[0].lines.map(\.text).filter { !$0.isEmpty }
        #expect(lines == ["项目\t\t法人或其他组织\t\t总计", "\t\t商业企业\t科研机构",
                          "三、本年度办理结果\t（一）予以公开\t1\t\t1", "\t（二）部分公开\t2\t0\t2"])
        // Provenance: every cell cites the extracted line its (starting) row was written to.
        let all = doc.pages[0].lines.map(\.text)
        #expect(all[table.rows[3][0].line!] == "三、本年度办理结果\t（一）予以公开\t1\t\t1" && table.rows[3][0].page == 1)
        #expect(all[table.rows[3][2].line!] == "\t（二）部分公开\t2\t0\t2")
    }

    @Test func nestedTablesAreTheirOwnTablesAndTheOuterCellIsBlank() async throws {
        let html = """
        <table><tr><td>名称</td><td>数量</td></tr>
        <tr><td>附表</td><td><table><tr><td>甲</td><td>1</td></tr><tr><td>乙</td><td>2</td></tr></table></td></tr></table>
        """
        let doc = try await Run.extract(html)
        #expect(doc.tables.count == 2)
        #expect(doc.tables[0].rows[1].map(\.text) == ["附表", ""])
        #expect(doc.tables[1].rows.map { $0.map(\.text) } == [["甲", "1"], ["乙", "2"]])
        #expect(doc.pages[0].lines.map(\.text).filter { !$0.isEmpty } == ["名称\t数量", "附表", "甲\t1", "乙\t2"])
    }

    @Test func aLayoutTableIsReadAsFlow() async throws {
        let html = "<table width=100%><tr><td><p>第一段</p><p>第二段</p></td></tr></table>"
        let doc = try await Run.extract(html)
        #expect(doc.tables.isEmpty)
        #expect(doc.pages[0].lines.map(\.text).filter { !$0.isEmpty } == ["第一段", "第二段"])
    }

    @Test func aHeaderBlockInThePageIsMetadata() async throws {
        let html = """
        <html><body><p>标题：某县2022年政府信息公开工作年度报告</p><p>发布机构：某县人民政府办公室</p><p>发布时间：2023-01-30</p>
        <p>正文：</p><p>一、总体情况</p><p>正文内容。</p></body></html>
        """
        let doc = try await Run.extract(html)
        #expect(doc.metadata.fields?["发布机构"] == "某县人民政府办公室")
        #expect(doc.metadata.fields?["标题"] == "某县2022年政府信息公开工作年度报告")
        #expect(doc.metadata.title == "某县2022年政府信息公开工作年度报告")
        #expect(doc.pages[0].lines.map(\.text).filter { !$0.isEmpty } == ["某县2022年政府信息公开工作年度报告", "一、总体情况", "正文内容。"])
    }

    @Test func aCrawlerHeaderBeforeTheMarkupIsMetadata() async throws {
        let text = "标题：某局年度报告\n发布机构：某局\n正文：\n<html><body><p>一、总体情况</p><p>内容</p><div>更多</div></body></html>\n"
        let doc = try await Run.extract(text, name: "page.txt")
        #expect(doc.kind == .html)
        #expect(doc.metadata.fields?["发布机构"] == "某局")
        #expect(doc.pages[0].lines.map(\.text).filter { !$0.isEmpty }.contains("一、总体情况"))
    }
}

@Suite struct ScriptTests {
    @Test func theJavaScriptFixtureIsRead() async throws {
        let doc = try await Run.extract(path: Run.pages.appendingPathComponent("js-fragment").path)
        #expect(doc.kind == .html)
        let lines = doc.pages[0].lines.map(\.text).filter { !$0.isEmpty }
        #expect(lines.first == "南岭县发展和改革局2021年政府信息公开工作年度报告")
        #expect(lines.contains("一、总体情况"))
        #expect(!lines.contains { $0.contains("content") || $0.contains("document.") || $0.contains("var ") })
        #expect(doc.tables.count == 3)
        #expect(lines.contains("三、本年度办理结果\t（一）予以公开\t\t6\t1\t0\t0\t0\t0\t7"))
    }

    @Test func documentWriteInsideAPageIsUnescaped() async throws {
        let html = #"""
        <html><body><p>前言</p><script type="text/javascript">
        document.write("<table border=\"1\"><tr><td>甲<\/td><td>1<\/td><\/tr>" +
          "<tr><td>乙\u4E19<\/td><td>2<\/td><\/tr><\/table>");
        </script><p>结语</p></body></html>
        """#
        let doc = try await Run.extract(html)
        #expect(doc.pages[0].lines.map(\.text).filter { !$0.isEmpty } == ["前言", "甲\t1", "乙丙\t2", "结语"])
        #expect(doc.issues.contains { $0.message.contains("JavaScript") })
    }

    @Test func aScriptWithoutMarkupIsDropped() async throws {
        let doc = try await Run.extract("<p>正文</p><script>var s = 'hello'; alert(\"x\");</script><p>二</p>")
        #expect(doc.pages[0].lines.map(\.text).filter { !$0.isEmpty } == ["正文", "二"])
    }
}

@Suite struct RoutingTests {
    /// A folder of a PDF, a text and the pages named `.txt` or nothing: extract.pdf →
    /// extract.html → extract.text gives each its extractor by its content.
    @Test func aMixedFolderIsReadByContent() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("html-mixed-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let repo = Run.here.deletingLastPathComponent().deletingLastPathComponent()
        let copies: [(URL, String, SourceKind)] = [
            (repo.appendingPathComponent("Tests/Fixtures/pdf/hl2023.pdf"), "hl2023.pdf", .pdf),
            (Run.pages.appendingPathComponent("word-2021.html"), "word-2021.txt", .html),
            (Run.pages.appendingPathComponent("cms-gbk.html"), "cms-gbk", .html),
            (Run.pages.appendingPathComponent("js-fragment"), "js-fragment.txt", .html),
        ]
        for (source, name, _) in copies { try FileManager.default.copyItem(at: source, to: folder.appendingPathComponent(name)) }
        try "标题：某县2022年政府信息公开工作年度报告\n发布机构：某县\n正文：\n一、总体情况\n本年度 <b>无</b> 申请。\n"
            .write(to: folder.appendingPathComponent("crawled.txt"), atomically: true, encoding: .utf8)
        let stages: [any Stage] = [
            try PDFExtractor(options: StageOptions(values: [:], specs: PDFExtractor.options)),
            try HTMLExtract(options: StageOptions(values: [:], specs: HTMLExtract.options)),
            try TextExtract(options: StageOptions(values: [:], specs: TextExtract.options)),
        ]
        for (_, name, kind) in copies + [(folder, "crawled.txt", SourceKind.text)] {
            var doc = Document(id: name, source: folder.appendingPathComponent(name).path)
            for stage in stages { doc = try await stage.process(doc, in: Run.context(type(of: stage).name)) }
            #expect(doc.kind == kind, "\(name) read as \(String(describing: doc.kind))")
            #expect(!doc.pages.isEmpty)
        }
    }

    @Test func plainTextIsLeftToExtractText() async throws {
        let doc = try await Run.extract("标题：某报告\n一、总体情况\n正文 <br> 内容\n", name: "page.html")
        #expect(doc.kind == nil && doc.pages.isEmpty)
    }

    @Test func markdownWithBreakResidueIsLeftToExtractText() async throws {
        let markdown = "# 某县人民政府办公室\n\n## 2024 年政府信息公开工作年度报告\n\n| 信息内容 | 本年<br>制发件数 |<br>\n|---|---|\n| 规章 | 0<br> |\n| 行政<br>规范性文件 | <br>1 |\n"
        let doc = try await Run.extract(markdown, name: "report.md")
        #expect(doc.kind == nil)
    }

    @Test func aPDFIsPassedOn() async throws {
        let doc = try await Run.extract(Data("%PDF-1.7\n<html><body><p>x</p></body></html>".utf8), name: "a.html")
        #expect(doc.kind == nil)
    }

    @Test func extractTextPassesAnHTMLDocumentThrough() async throws {
        let doc = try await Run.extract("<html><body><p>一段</p></body></html>", name: "page.txt")
        #expect(doc.kind == .html)
        let text = try TextExtract(options: StageOptions(values: [:], specs: TextExtract.options))
        let after = try await text.process(doc, in: Run.context(TextExtract.name))
        #expect(after == doc)
    }
}

/// Each fixture through extract.html → cleanup → tables → schema.annual-report: every non-null
/// cell of its truth, and no value that differs.
@Suite struct EndToEndTests {
    static let fixtures = ["word-2021.html", "cms-gbk.html", "js-fragment"]

    @Test(arguments: fixtures) func recordMatchesTheTruth(_ file: String) async throws {
        let doc = try await Run.pipeline(path: Run.pages.appendingPathComponent(file).path)
        let stem = file.replacingOccurrences(of: ".html", with: "")
        let truth = try JSONValue.parse(Data(contentsOf: Run.truths.appendingPathComponent(stem + ".json")))
        var wrong: [String] = []
        var count = 0
        for (path, expected) in Run.leaves(truth["tables"]) where !expected.isNull {
            count += 1
            let got = Run.value(doc.record["tables"], at: path)
            if got.doubleValue != expected.doubleValue { wrong.append("\(path): \(got) (truth \(expected))") }
        }
        #expect(count > 60)
        #expect(wrong.isEmpty, "\(file): \(wrong.count) of \(count) cells wrong: \(wrong.prefix(10))")
        #expect(doc.record.value(at: "report.year").intValue == truth.value(at: "report.year").intValue)
        #expect(doc.record.value(at: "report.format").stringValue == "2021")
        #expect(doc.record.value(at: "report.agency").stringValue == truth.value(at: "report.agency").stringValue)
        #expect(doc.record.value(at: "report.title").stringValue?.hasSuffix("年政府信息公开工作年度报告") == true)
        let checks = doc.record["checks"].arrayValue ?? []
        #expect(checks.allSatisfy { $0["ok"].boolValue != false }, "\(file): failed checks \(checks.filter { $0["ok"].boolValue == false })")
    }

    @Test func tableCellsCiteTheirCleanedLines() async throws {
        let doc = try await Run.pipeline(path: Run.pages.appendingPathComponent("word-2021.html").path)
        let html = doc.tables.filter { $0.layout == "html" }
        #expect(html.count == 3)
        #expect(!doc.tables.contains { $0.layout == "tsv" }, "rows of markup tables must not be read again from the text")
        let lines = try #require(doc.text?.lines)
        for table in html {
            #expect(table.firstLine != nil && table.endLine != nil)
            for cell in table.rows.joined() where cell.row == table.rows.firstIndex(where: { $0.contains(cell) }) && !cell.text.isEmpty {
                let line = try #require(cell.line)
                #expect(lines[line].text.contains(cell.text), "cell \(cell.text) cites line \(line): \(lines[line].text)")
            }
        }
    }
}
