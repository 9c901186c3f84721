"""A search text longer than the box takes is searched by its first characters, and the page says so."""


def test_a_pasted_long_search_is_cut_with_a_notice(client, db):
    response = client.get("/achievements/", {"q": "碳化硅" * 200})
    assert response.status_code == 200
    assert "只按前 100 个字检索" in response.content.decode()


def test_an_ordinary_search_has_no_notice(client, db):
    assert "只按前" not in client.get("/achievements/", {"q": "碳化硅"}).content.decode()
