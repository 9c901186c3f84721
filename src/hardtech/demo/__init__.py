"""The sample zone (示例园区) and `hardtech demo`.

SAMPLE_NOTICE is the banner text for pages showing sample records (is_sample=True).
"""

SAMPLE_NOTICE = (
    "当前展示的是示例园区数据：园区、企业、成果、需求、专家与联系方式均为虚构，仅供演示；"
    "高校名称真实，但与其关联的示例内容并非该校实际成果。"
)
