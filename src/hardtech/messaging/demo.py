"""The sample zone's conversation: 芯鑫半导体 asks 西安电子科技大学 about one of its achievements, the
university answers and the zone's technology manager joins. Written through the services once; a re-run of
`hardtech demo` finds the thread and leaves it as it is."""

from hardtech.accounts.models import User
from hardtech.audit.context import acting_as
from hardtech.catalogue.models import Achievement
from hardtech.messaging import permissions, services
from hardtech.messaging.models import Thread

ACHIEVEMENT = "DEMO-ACH-sic-3"  # 碳化硅外延片缺陷无损检测方法, 西安电子科技大学
SUBJECT = "外延片缺陷检测方法能否用于产线在线检测"
OPENER, OWNER, MANAGER = "demo-xinxin", "demo-xidian", "demo-manager"
SCRIPT = [
    (
        OPENER,
        "您好！我们正在建设6英寸碳化硅外延片产线，想了解贵校这项缺陷检测方法能否集成到产线设备上做在线检测，"
        "单片检测时间能否控制在15分钟以内？是否可以先寄送样片测试？",
    ),
    (
        OWNER,
        "您好，该方法已在6英寸外延片上验证，全片检测小于10分钟。欢迎先寄送3–5片样片，我们出具检测报告；"
        "产线集成需要与设备厂商联合开发，可以约时间面谈具体方案。",
    ),
    (
        MANAGER,
        "我是园区技术经理人刘敏。双方如确定合作，我可以协助安排面谈，并提供技术服务合同范本和技术合同登记指导。",
    ),
]


def load_conversation(users: dict[str, User]) -> None:
    record = Achievement.objects.filter(external_id=ACHIEVEMENT).first()
    if record is None or any(name not in users for name, _ in SCRIPT):
        return
    opener = users[OPENER]
    if Thread.objects.filter(subject=SUBJECT, created_by=opener).exists():
        return
    if not permissions.can_start_thread(opener, record):
        return
    (_, first), *replies = SCRIPT
    with acting_as(opener, "cli"):
        thread = services.start_thread(opener, record, first, SUBJECT)
    for name, body in replies:
        author = users[name]
        with acting_as(author, "cli"):
            if permissions.can_join(author, thread):
                services.join_thread(author, thread)
            if permissions.can_post(author, thread):
                services.mark_read(author, thread)
                services.post_message(author, thread, body)
