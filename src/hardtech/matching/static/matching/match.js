// 智能匹配 feedback: post the verdict with fetch (CSRF header) and stay on the page.
// Without JavaScript the same form posts to the form endpoint, which redirects back.
document.addEventListener("submit", async (event) => {
  const form = event.target.closest(".match-feedback");
  if (!form) return;
  event.preventDefault();
  const data = new FormData(form);
  const relevant = event.submitter ? event.submitter.value === "1" : true;
  const verdict = form.querySelector(".match-verdict");
  if (!relevant && !data.get("reason")) {
    verdict.textContent = "请选择不相关的原因";
    form.querySelector("select").focus();
    return;
  }
  const body = {
    source_kind: data.get("source_kind"),
    source_id: Number(data.get("source_id")),
    target_kind: data.get("target_kind"),
    target_id: Number(data.get("target_id")),
    relevant,
    reason: relevant ? "" : data.get("reason"),
    note: data.get("note") || "",
    score: Number(data.get("score")),
    rank: Number(data.get("rank")),
  };
  const url = form.closest(".match-panel").dataset.feedbackUrl;
  try {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": data.get("csrfmiddlewaretoken") },
      body: JSON.stringify(body),
    });
    verdict.textContent = response.ok ? (relevant ? "已标记：相关" : "已标记：不相关") : "提交失败，请稍后再试";
  } catch {
    verdict.textContent = "网络错误，请稍后再试";
  }
});
