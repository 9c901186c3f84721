"""Checks of the registration form's identifiers: GB/T 2260 region codes and the 16-digit technology-contract
registration number (技术合同登记号: year, the registry's region code, serial)."""

import re

from django.core.exceptions import ValidationError

# GB/T 2260 provincial-level codes (the first two digits of every region code).
PROVINCES = {
    "11": "北京市", "12": "天津市", "13": "河北省", "14": "山西省", "15": "内蒙古自治区",
    "21": "辽宁省", "22": "吉林省", "23": "黑龙江省",
    "31": "上海市", "32": "江苏省", "33": "浙江省", "34": "安徽省", "35": "福建省", "36": "江西省", "37": "山东省",
    "41": "河南省", "42": "湖北省", "43": "湖南省", "44": "广东省", "45": "广西壮族自治区", "46": "海南省",
    "50": "重庆市", "51": "四川省", "52": "贵州省", "53": "云南省", "54": "西藏自治区",
    "61": "陕西省", "62": "甘肃省", "63": "青海省", "64": "宁夏回族自治区", "65": "新疆维吾尔自治区",
    "71": "台湾省", "81": "香港特别行政区", "82": "澳门特别行政区",
}  # fmt: skip

REGION_CODE = re.compile(r"\d{6}")
REGISTRATION_NO = re.compile(r"(\d{4})(\d{6})(\d{6})")


def validate_region_code(value: str) -> None:
    """六位行政区划代码 (GB/T 2260): six digits whose first two name a province."""
    if not REGION_CODE.fullmatch(value or ""):
        raise ValidationError("行政区划代码应为6位数字（GB/T 2260），如 610131", code="region_format")
    if value[:2] not in PROVINCES:
        raise ValidationError(f"行政区划代码 {value} 的前两位不是有效的省级代码", code="region_province")


def validate_registration_no(value: str) -> None:
    """技术合同登记号: 16 digits — the year, the registry's region code, a 6-digit serial."""
    match = REGISTRATION_NO.fullmatch(value or "")
    if not match:
        raise ValidationError(
            "技术合同登记号应为16位数字：4位年份 + 6位登记机构行政区划代码 + 6位顺序号",
            code="registration_format",
        )
    year, region, serial = match.groups()
    if not 1985 <= int(year) <= 2100:
        raise ValidationError(f"技术合同登记号的年份 {year} 无效", code="registration_year")
    validate_region_code(region)
    if serial == "000000":
        raise ValidationError("技术合同登记号的顺序号不能为 000000", code="registration_serial")
