"""Function words and research boilerplate that are never useful as keywords or expansion terms."""

STOPWORDS: frozenset[str] = frozenset(
    """
    的 了 和 与 及 或 在 对 于 为 以 是 有 中 等 由 被 将 把 从 到 其 之 而 并 也 又 但 就 都 这 那 该 各 每
    一种 一个 一些 我们 本文 文章 论文 研究 分析 方法 基于 通过 进行 采用 利用 提出 结果 表明 显示 具有 可以 能够
    以及 其中 对于 关于 由于 因此 所以 同时 然后 并且 如果 因为 不同 主要 相关 问题 影响 作用 情况 方面 过程
    得到 实现 提高 探讨 讨论 认为 发现 存在 方式 部分 包括 进一步 研究成果 目的 意义 特点 目前 近年来 随着
    the of and for in on with to a an by from is are as at be this that using based study analysis method
    """.split()
)
