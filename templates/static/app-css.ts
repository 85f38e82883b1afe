/** The one stylesheet (served at /static/app.css): phone first, readable, no inline styles anywhere. */
export const APP_CSS = `
:root {
  --ink: #1d2430; --muted: #5b6675; --line: #d5dbe3; --bg: #f4f6f9; --card: #fff;
  --brand: #9b1c1c; --brand-ink: #fff; --accent: #1f4e8c; --accent-soft: #e8eff9;
  --ok: #1d6b3a; --ok-soft: #e3f3e8; --wait: #8a5a00; --wait-soft: #fff3d6;
  --bad: #a61b1b; --bad-soft: #fde8e8; --info: #334155; --info-soft: #e9edf2;
  --radius: 10px; --gap: 1rem;
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--ink);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Liberation Sans", Arial, sans-serif;
}
a { color: var(--accent); }
/* the focus ring keeps 3:1 against what it sits on: dark blue on the light page, amber on the red header */
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible {
  outline: 3px solid #0b3d91; outline-offset: 2px;
}
.top a:focus-visible, .top button:focus-visible { outline-color: #f0b429; }
.top { background: var(--brand); color: var(--brand-ink); }
.top .bar { max-width: 52rem; margin: 0 auto; padding: .7rem 1rem; display: flex; align-items: center; justify-content: space-between; gap: 1rem; }
.top a { color: var(--brand-ink); text-decoration: none; }
.brand { font-weight: 700; font-size: 1.05rem; letter-spacing: .01em; }
.lang { font-size: .9rem; border: 1px solid rgba(255,255,255,.6); border-radius: 999px; padding: .15rem .7rem; white-space: nowrap; }
.main-nav { max-width: 52rem; margin: 0 auto; padding: 0 1rem .6rem; display: flex; flex-wrap: wrap; align-items: center; gap: .4rem 1rem; font-size: .95rem; }
.main-nav a { display: inline-flex; align-items: center; min-height: 1.5rem; text-decoration: underline; text-underline-offset: 3px; }
.main-nav .who { margin-left: auto; opacity: .9; }
.sign-out { display: inline; margin: 0; }
.sign-out .link { color: var(--brand-ink); }
main { max-width: 52rem; margin: 0 auto; padding: 1rem 1rem 3rem; }
h1 { font-size: 1.45rem; line-height: 1.25; margin: .4rem 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.6rem 0 .6rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.kicker { margin: 0; font-size: .9rem; color: var(--muted); }
.kicker a { color: var(--muted); }
.lead { color: var(--muted); margin-top: 0; }
.muted, .meta { color: var(--muted); font-size: .9rem; }
.meta { display: block; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .8rem; word-break: break-all; }
table.results { width: 100%; border-collapse: collapse; background: #fff; }
table.results th, table.results td { text-align: left; vertical-align: top; padding: .5rem .6rem; border-bottom: 1px solid #dde3ea; }
table.results th { font-size: .85rem; color: #4a5563; background: #f1f4f8; }
@media (max-width: 600px) { table.results thead { display: none; } table.results tr { display: block; border-bottom: 1px solid #dde3ea; } table.results td { display: block; border: 0; padding: .25rem .6rem; } }
.pre { white-space: pre-line; }
.empty { color: var(--muted); font-style: italic; }
.page-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; }
.page-head h1 { margin-bottom: .4rem; }
.next { background: var(--accent-soft); border-left: 4px solid var(--accent); padding: .6rem .8rem; border-radius: 6px; }

.button, button {
  font: inherit; display: inline-flex; align-items: center; justify-content: center; gap: .3rem;
  min-height: 2.75rem; padding: .5rem 1.1rem; border-radius: 8px; border: 1px solid transparent;
  cursor: pointer; text-decoration: none; font-weight: 600;
}
.primary { background: var(--accent); color: #fff; }
.primary:hover { background: #173c6c; }
.secondary { background: #fff; color: var(--accent); border-color: var(--accent); }
.secondary:hover { background: var(--accent-soft); }
.danger { background: #fff; color: var(--bad); border-color: var(--bad); }
.danger:hover { background: var(--bad-soft); }
button.link { background: none; border: 0; padding: 0 .25rem; min-height: 1.5rem; min-width: 1.5rem; color: var(--accent); font-weight: 500; text-decoration: underline; text-underline-offset: 3px; }
.actions { display: flex; flex-wrap: wrap; gap: .6rem; margin: 1.4rem 0 .6rem; }

.badge { display: inline-block; padding: .15rem .65rem; border-radius: 999px; font-size: .85rem; font-weight: 600; white-space: nowrap; }
.badge-ok { background: var(--ok-soft); color: var(--ok); }
.badge-wait { background: var(--wait-soft); color: var(--wait); }
.badge-bad { background: var(--bad-soft); color: var(--bad); }
.badge-info { background: var(--info-soft); color: var(--info); }

.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .8rem 1rem; }
.visit-list, .docs, .approvals, .action-list { list-style: none; margin: 0; padding: 0; display: grid; gap: .6rem; }
.visit-item { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .4rem .8rem; }
.card-link { text-decoration: none; color: inherit; flex: 1 1 16rem; }
.card-link .visit-title { color: var(--accent); font-weight: 600; text-decoration: underline; text-underline-offset: 3px; }
.doc { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .6rem; }
.approvals .line, .action-item .line { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .3rem .8rem; }
details.answer { margin-top: .5rem; }
details.answer summary { cursor: pointer; color: var(--accent); font-weight: 600; }
details.answer label { display: block; font-weight: 600; margin: .5rem 0 .25rem; }
form.report { margin-top: .8rem; }
.state { font-size: .9rem; font-weight: 600; }
.state-decided { color: var(--ok); }
.state-pending, .state-claimed { color: var(--wait); }
.state-expired, .state-superseded, .state-upcoming { color: var(--muted); }
.count { display: inline-block; min-width: 1.5em; padding: 0 .4em; border-radius: 999px; background: var(--ink); color: #fff; font-size: .85rem; text-align: center; }
.todo { margin-bottom: 1rem; }
.todo-part h3 { margin-bottom: .2rem; }
form.filter { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: flex-end; margin-bottom: .8rem; }
.decision-bar { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .8rem 1rem; margin-bottom: .8rem; }
blockquote { margin: .5rem 0 0; padding: .4rem .8rem; border-left: 4px solid var(--line); background: #fafbfc; white-space: pre-line; }
.summary { margin-bottom: .8rem; }
.summary .visit-title { margin-top: 0; }

.facts { display: grid; grid-template-columns: 1fr; gap: 0; margin: .6rem 0; }
.facts dt { color: var(--muted); font-size: .85rem; margin-top: .5rem; }
.facts dt:first-child { margin-top: 0; }
.facts dd { margin: 0; }
details.request { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem 1rem; margin: 1rem 0; }
details.request summary { cursor: pointer; font-weight: 600; }

.timeline { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 2px solid var(--line); }
.timeline li { position: relative; padding: 0 0 .8rem .6rem; }
.timeline li::before { content: ""; position: absolute; left: -1.42rem; top: .45rem; width: .7rem; height: .7rem; border-radius: 50%; background: var(--accent); }
.timeline time { display: block; font-size: .85rem; color: var(--muted); }

.form fieldset { border: 1px solid var(--line); border-radius: var(--radius); background: var(--card); margin: 0 0 1rem; padding: .6rem 1rem 1rem; min-width: 0; }
.form legend { font-weight: 700; padding: 0 .3rem; }
.field { margin: .8rem 0 0; }
.field label, .field .label { display: block; font-weight: 600; margin-bottom: .25rem; }
.req { color: var(--bad); }
.opt { color: var(--muted); font-weight: 400; font-size: .85rem; }
.hint { color: var(--muted); font-size: .88rem; margin: 0 0 .3rem; }
input, select, textarea {
  font: inherit; width: 100%; min-height: 2.75rem; padding: .5rem .65rem; color: var(--ink);
  border: 1px solid #9aa5b4; border-radius: 6px; background: #fff;
}
textarea { resize: vertical; }
.fixed { margin: 0; padding: .5rem 0; }
.has-error input, .has-error select, .has-error textarea { border: 2px solid var(--bad); background: #fffafa; }
.error { color: var(--bad); font-weight: 600; margin: .3rem 0 0; }
.error-summary { border: 2px solid var(--bad); background: var(--bad-soft); border-radius: var(--radius); padding: .6rem 1rem; margin: 0 0 1rem; }
.error-summary h2 { margin: 0 0 .3rem; font-size: 1.05rem; color: var(--bad); }
.error-summary ul { margin: 0; padding-left: 1.2rem; }
.error-summary a { color: var(--bad); }
.callout { background: var(--wait-soft); border: 1px solid #e9c46a; border-radius: var(--radius); padding: .6rem 1rem; margin: 0 0 1rem; }
.callout h2 { margin: 0 0 .3rem; font-size: 1.05rem; }
.row-list { list-style: none; margin: 0; padding: 0; }
.row { border-top: 1px dashed var(--line); padding: .6rem 0 .2rem; }
.row:first-child { border-top: 0; }
.row-head { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; }
.row-label { font-weight: 600; color: var(--muted); font-size: .92rem; }
.row-head .remove { font-size: .9rem; }
.rows .add { margin-top: .6rem; }
.decisions button { flex: 1 1 10rem; }
.confirm { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.2rem; }
.confirm h1 { margin-top: 0; }
.confirm .big { font-size: 1.25rem; font-weight: 700; color: var(--ok); }
.problem h1 { color: var(--bad); }
/* the organisation's pages */
.visually-hidden { position: absolute; width: 1px; height: 1px; min-height: 0; padding: 0; margin: -1px; border: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
label.check { display: inline-block; margin: .15rem .75rem .15rem 0; font-weight: 400; }
label.check input { width: 1.5rem; height: 1.5rem; min-height: 0; margin-right: .25rem; vertical-align: middle; }
table.results fieldset { border: 0; padding: 0; margin: 0 0 .35rem; }
ul.substitutes form { display: inline; }
form.inline { display: inline; margin: 0; }
.button.small { padding: .3rem .7rem; font-size: .9rem; }
ul.approvals .actions { margin: .6rem 0 0; }

@media (min-width: 40rem) {
  h1 { font-size: 1.7rem; }
  .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1rem; }
  .triple { display: grid; grid-template-columns: 2fr 2fr 1.2fr; gap: 0 1rem; }
  .facts { grid-template-columns: 12rem 1fr; gap: .35rem 1rem; }
  .facts dt { font-size: 1rem; margin-top: 0; }
}
`;
