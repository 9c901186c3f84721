"""Pages say so when the zone shows sample data (示例园区)."""


def test_sample_data_is_announced_on_every_page(client, university):
    assert "示例园区" not in client.get("/").content.decode()
    university.is_sample = True
    university.save()
    assert "示例园区数据" in client.get("/").content.decode()
