"""Narrative sections of an annual report, written from sentence pools so every fixture reads
differently; the phrases the truth files expect are picked from what was written."""

INTRO_2021 = ("根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国"
              "政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，现发布《{agency}{year}年政府信息公开"
              "工作年度报告》，本报告统计数据从{year}年1月1日至{year}年12月31日。")
INTRO_2019 = ("本报告依据《中华人民共和国政府信息公开条例》（国务院令第711号）和《国务院办公厅政府信息与政务公开办公室关于"
              "政府信息公开工作年度报告有关事项的通知》（国办公开办函〔2019〕60号）要求编制，本报告中使用数据统计期限为"
              "{year}年1月1日至12月31日。如对本年报有任何疑问，请与{agency}政务公开办公室联系。")

LEAD = ("{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实国家和自治区关于政务公开工作的决策部署，"
        "以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开，不断提升政务公开工作质效。")

SUBSECTIONS = [
    ("（一）主动公开情况。", [
        "全年通过政府门户网站主动公开各类政府信息{posts}条，其中政策文件{files}件、政策解读{readings}篇。",
        "聚焦财政预决算、重大建设项目、公共资源配置、社会公益事业等重点领域，及时准确公开相关信息。",
        "严格落实政策文件与解读材料同步起草、同步审签、同步发布的要求，通过图文、视频等形式解读政策{readings}次。",
        "围绕优化营商环境，集中公开惠企政策清单和涉企收费目录，方便市场主体查询使用。",
    ]),
    ("（二）依申请公开情况。", [
        "全年共收到政府信息公开申请{received}件，上年结转{carried}件，均在法定期限内予以答复。",
        "进一步规范申请受理、登记、审查、答复、归档等环节，做到依法依规、程序完备。",
        "对答复内容实行法制审核，确保答复格式规范、依据充分、告知清楚。",
    ]),
    ("（三）政府信息管理情况。", [
        "严格落实公文公开属性源头认定机制，在公文起草环节明确主动公开、依申请公开或不予公开属性。",
        "坚持先审后发、一事一审，落实信息发布三审三校制度，全年未发生泄密和错发信息问题。",
        "动态调整主动公开基本目录，对已废止和失效的行政规范性文件及时标注并公开。",
    ]),
    ("（四）政府信息公开平台建设情况。", [
        "持续优化政府网站政府信息公开专栏，完善法定主动公开内容栏目设置，网站全年访问量达{visits}人次。",
        "加强政务新媒体规范管理，全年通过政务公众号发布信息{wechat}条，及时回应网民留言。",
        "依托政务服务中心政务公开专区，为群众提供政府信息查询、申请受理和咨询服务。",
    ]),
    ("（五）监督保障情况。", [
        "将政务公开工作纳入年度效能目标考核，组织开展政务公开业务培训{trainings}次，培训{people}人次。",
        "定期开展政府网站和政务新媒体检查，对发现的问题及时通报整改，全年未发生责任追究情况。",
    ]),
]

EXTRA = [
    "同时，结合年度重点工作，对权责清单、公共服务事项清单进行动态调整，确保清单内容与实际办理情况一致。",
    "在重大行政决策过程中，通过政府网站公开征求社会公众意见，并对意见采纳情况予以反馈。",
    "围绕群众关心的教育、医疗、就业、社保等民生事项，持续做好政策发布和办事指南公开工作。",
    "及时发布重要会议、重大活动和重点工作进展情况，增强政府工作透明度，保障群众的知情权和监督权。",
]

PROBLEMS = [
    "一是部分单位对政务公开工作重视程度不够，信息更新不够及时，公开内容的深度和广度有待提升。",
    "二是政策解读形式较为单一，图解、视频等多元化解读产品数量偏少，解读的针对性和实效性有待增强。",
    "三是政务公开工作人员业务能力参差不齐，依申请公开答复的规范化水平需要进一步提高。",
    "下一步，将加强统筹协调，健全信息发布审核机制，推动政务公开工作标准化、规范化发展。",
    "同时，丰富政策解读形式，扩大政策知晓面，并通过集中培训、以会代训等方式提升队伍专业化水平。",
]

OTHER = [
    "本年度未收取政府信息公开信息处理费。",
    "{year}年度，本机关按照政务公开工作要点要求，认真落实各项工作任务，无其他需要报告的事项。",
]


def fill(text, facts):
    return text.format(**facts)


def overview(rng, facts, extra_sentences):
    """(lead paragraph, [(heading, paragraph)]) of 一、总体情况; `extra_sentences` lengthens it."""
    sections = []
    for i, (heading, pool) in enumerate(SUBSECTIONS):
        count = len(pool) if i < 2 else rng.randint(2, len(pool))
        sentences = [fill(s, facts) for s in pool[:count]]
        if i == 0:
            sentences += [EXTRA[j % len(EXTRA)] for j in range(extra_sentences)]
        sections.append((heading, "".join(sentences)))
    return fill(LEAD, facts), sections


def phrases(text_pieces, rng, count):
    """Whole clauses (between punctuation) from the given texts, for the truth file."""
    clauses = []
    for piece in text_pieces:
        for part in piece.replace("。", "，").replace("；", "，").split("，"):
            if 10 <= len(part) <= 30 and "“" not in part:
                clauses.append(part)
    rng.shuffle(clauses)
    joined = "".join(text_pieces)
    return sorted(clauses[:count], key=joined.find)
