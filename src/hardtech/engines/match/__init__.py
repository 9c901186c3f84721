"""Matching engine (智能匹配): lexical + dense retrieval over achievements, demands and experts.

index = MatchIndex.build(docs, path, progress=...)      # or MatchIndex.open(path)
index.upsert(doc); index.remove(doc_id)
for m in index.search("碳化硅功率器件封装", filters=Filters(fields=frozenset({"新材料"})), top=10):
    m.id, m.score, m.parts, m.explain.sentence
index.search(demand_record)                              # text from its fields, boosts from its structure
"""

from hardtech.engines.match.config import MatchConfig
from hardtech.engines.match.documents import Document, query_text
from hardtech.engines.match.explain import Explanation
from hardtech.engines.match.filters import Boosts, Filters
from hardtech.engines.match.index import Match, MatchIndex

__all__ = ["Boosts", "Document", "Explanation", "Filters", "Match", "MatchConfig", "MatchIndex", "query_text"]
