// Draws one ballot as accessible form controls and reads it back in the ballot JSON form
// (docs/architecture.md, Contract 1). The rules arrive resolved from the server in
// poll.form ({form, max_marks, min_marks, max_per_candidate, nein, no_all, abstain_all}),
// so no counting rule is re-implemented here; the server checks every ballot again.

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_m, k) => String(values[k] ?? ""));

function choice(type, name, value, label, extra = {}) {
  const id = `${name}-${value}`.replace(/[^A-Za-z0-9_-]/g, "_");
  const input = el("input", { type, name, value, id, ...extra });
  return el("label", { class: `choice choice-${value}`, for: id }, input, el("span", { text: label }));
}

function candidates(contest) {
  return contest.kind === "motion"
    ? [{ id: "motion", name: contest.title, group: "" }]
    : contest.candidates;
}

export function renderBallotForm(poll, t) {
  const { contest, form } = poll;
  const key = `b-${poll.public_id}`;
  const cands = candidates(contest);
  // A motion is drawn as "motion" (one question, three large buttons) whatever form its rules
  // name; the class says how it is drawn, and phone.css styles .ballot-motion.
  const kindForm = contest.kind === "motion" ? "motion" : form.form;
  const root = el("fieldset", { class: `ballot ballot-${kindForm}` });
  root.append(el("legend", { class: "sr-only", text: poll.title }));
  const counter = el("p", { class: "counter", "aria-live": "polite" });
  let globalValue = "";

  // --- the whole-ballot choice (Enthaltung zu allen / Nein zu allen) ---------------------------
  const globals = [];
  if (contest.kind !== "motion" && form.abstain_all) globals.push(["abstain_all", t.abstain_all]);
  if (contest.kind !== "motion" && form.no_all) globals.push(["no_all", t.no_all]);

  const rows = el("div", { class: "ballot-rows" });
  const byCandidate = new Map();

  // Screen readers announce a group by its legend, then each control by its label: so only a
  // row holding several choices about one candidate (Ja/Nein/Enthaltung) is a fieldset of its
  // own. A motion's choices are named by the ballot's legend (its title, said once); a
  // checkbox, radio or select carries the candidate's name itself.
  for (const cand of cands) {
    const name = `${key}-${cand.id}`;
    const heading = [el("span", { class: "cand-name", text: cand.name }),
      cand.group ? el("span", { class: "cand-group", text: ` (${cand.group})` }) : null];
    const fullName = cand.group ? `${cand.name} (${cand.group})` : cand.name;
    const box = kindForm === "yes_no_abstain"
      ? el("fieldset", { class: "cand" }, el("legend", {}, ...heading))
      : el("div", { class: "cand" });
    const group = el("div", { class: "choices" });
    if (kindForm === "motion" || kindForm === "yes_no_abstain") {
      group.append(choice("radio", name, "Y", t.yes));
      if (kindForm === "motion" || form.nein) group.append(choice("radio", name, "N", t.no));
      group.append(choice("radio", name, "A", t.abstain));
    } else if (kindForm === "approval") {
      group.append(choice("checkbox", name, "X", fullName));
    } else if (kindForm === "single") {
      group.append(choice("radio", key, cand.id, fullName));
    } else {
      const upto = kindForm === "ranked" ? cands.length : form.max_per_candidate;
      const select = el("select", { name, id: name, "aria-label": fill(t.votes_for, cand) });
      select.append(el("option", { value: "", text: kindForm === "ranked" ? t.rank_none : "0" }));
      for (let i = 1; i <= upto; i++) select.append(el("option", { value: String(i), text: String(i) }));
      box.append(el("p", { class: "cand-heading" }, ...heading));
      group.append(select);
    }
    box.append(group);
    rows.append(box);
    byCandidate.set(cand.id, box);
  }
  if (kindForm === "single") {
    rows.append(el("div", { class: "cand" },
      el("div", { class: "choices" }, choice("radio", key, "", t.none_of_them))));
  }

  if (globals.length) {
    const gname = `${key}-global`;
    const gbox = el("fieldset", { class: "cand global" }, el("legend", { text: t.whole_ballot }));
    const group = el("div", { class: "choices" });
    group.append(choice("radio", gname, "single", t.single_marks, { checked: true }));
    for (const [value, label] of globals) group.append(choice("radio", gname, value, label));
    gbox.append(group);
    root.append(gbox);
  }
  if (kindForm !== "motion") root.append(counter);
  if (kindForm === "yes_no_abstain") root.append(el("p", { class: "hint", text: t.unmarked_hint }));
  root.append(rows);

  // --- reading the form back -----------------------------------------------------------------
  function marks() {
    const out = {};
    for (const cand of cands) {
      const box = byCandidate.get(cand.id);
      if (kindForm === "single") {
        const picked = root.querySelector(`input[name="${CSS.escape(key)}"]:checked`);
        if (picked && picked.value === cand.id) out[cand.id] = "X";
        continue;
      }
      const input = box.querySelector("input:checked");
      const select = box.querySelector("select");
      if (select && select.value) out[cand.id] = Number(select.value);
      else if (input) out[cand.id] = input.value;
    }
    return out;
  }

  function used(current) {
    const values = Object.values(current);
    if (kindForm === "yes_no_abstain") return values.filter((v) => v === "Y").length;
    if (kindForm === "cumulative") return values.reduce((a, v) => a + v, 0);
    return values.filter((v) => v !== "A").length;
  }

  function update() {
    const g = root.querySelector(`input[name="${CSS.escape(key)}-global"]:checked`);
    globalValue = g && g.value !== "single" ? g.value : "";
    rows.classList.toggle("disabled", Boolean(globalValue));
    for (const input of rows.querySelectorAll("input, select")) {
      input.disabled = Boolean(globalValue);
    }
    if (globalValue || kindForm === "motion" || kindForm === "ranked" || kindForm === "single") {
      counter.textContent = globalValue ? "" : kindForm === "ranked" ? t.rank_hint : "";
      return;
    }
    const current = marks();
    const n = used(current);
    const label = { yes_no_abstain: t.yes_counter, approval: t.cross_counter }[kindForm] || t.votes_counter;
    counter.textContent = fill(label, { used: n, max: form.max_marks });
    if (form.min_marks > 0) counter.textContent += " " + fill(t.min_hint, { min: form.min_marks });
    const full = n >= form.max_marks;
    counter.classList.toggle("full", full);
    if (kindForm === "yes_no_abstain" || kindForm === "approval") {
      const sel = kindForm === "approval" ? "input[type=checkbox]" : "input[value=Y]";
      for (const input of rows.querySelectorAll(sel)) input.disabled = full && !input.checked;
    }
  }

  root.addEventListener("change", update);
  update();

  return {
    element: root,
    focusFirst() {
      const first = root.querySelector("input:not(:disabled), select:not(:disabled)");
      if (first) first.focus();
    },
    ballot() {
      if (globalValue) return { marks: {}, global: globalValue };
      return { marks: marks() };
    },
    problem() {
      if (globalValue) return null;
      const current = marks();
      if (kindForm === "motion" && !current.motion) return t.choose_first;
      if (kindForm === "cumulative" && used(current) > form.max_marks) return t.max_reached;
      return null;
    },
    describe() {
      if (globalValue) return [globalValue === "no_all" ? t.no_all : t.abstain_all];
      const current = marks();
      const word = { Y: t.yes, N: t.no, A: t.abstain, X: "✓" };
      const lines = [];
      for (const cand of cands) {
        const mark = current[cand.id];
        if (kindForm === "motion") return [word[mark] || t.abstain];
        if (kindForm === "yes_no_abstain") lines.push(`${cand.name}: ${word[mark || "A"]}`);
        else if (mark !== undefined) lines.push(typeof mark === "number" ? `${cand.name}: ${mark}` : cand.name);
      }
      return lines.length ? lines : [t.none_of_them];
    },
  };
}
