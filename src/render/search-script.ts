/**
 * As-you-type suggestions for every `input[data-suggest]` (reader header and search page). Progressive: without it
 * the form is a plain GET form. Suggestions are links (no listbox widget to get wrong): ArrowDown moves into them,
 * Escape returns to the field; a polite status announces how many there are. A late answer never replaces the list
 * while the reader is moving through it.
 */
export const SEARCH_JS = `(function(){
var inputs=document.querySelectorAll('input[data-suggest]');
Array.prototype.forEach.call(inputs,function(input){
var form=input.form;if(!form||!window.fetch)return;
var list=document.createElement('ul');list.id=input.id+'-suggestions';list.className='search-suggestions';list.hidden=true;
list.setAttribute('aria-label',input.getAttribute('data-suggest-label')||'');
var status=document.createElement('p');status.className='visually-hidden';status.setAttribute('role','status');
form.appendChild(list);form.appendChild(status);input.setAttribute('aria-controls',list.id);
var timer=0,seq=0;
function hide(){list.hidden=true;list.textContent='';status.textContent='';}
function show(items){if(list.contains(document.activeElement))return;list.textContent='';items.forEach(function(item){var li=document.createElement('li');var a=document.createElement('a');a.href=item.url;a.textContent=item.headline;li.appendChild(a);list.appendChild(li);});
list.hidden=items.length===0;status.textContent=items.length?(input.getAttribute('data-count-label')||'{n}').replace('{n}',String(items.length)):'';}
function load(){var q=input.value.trim();if(!q){hide();return;}var mine=++seq;
fetch('/api/content/search/suggest?q='+encodeURIComponent(q),{headers:{accept:'application/json'}}).then(function(r){return r.ok?r.json():{suggestions:[]};}).then(function(data){if(mine===seq)show(data.suggestions||[]);},hide);}
input.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(load,120);});
input.addEventListener('keydown',function(e){if(e.key==='ArrowDown'&&!list.hidden){var first=list.querySelector('a');if(first){e.preventDefault();first.focus();}}else if(e.key==='Escape'){hide();}});
list.addEventListener('keydown',function(e){var links=Array.prototype.slice.call(list.querySelectorAll('a'));var i=links.indexOf(document.activeElement);
if(e.key==='ArrowDown'&&i<links.length-1){e.preventDefault();links[i+1].focus();}else if(e.key==='ArrowUp'){e.preventDefault();(i>0?links[i-1]:input).focus();}else if(e.key==='Escape'){hide();input.focus();}});
document.addEventListener('click',function(e){if(!form.contains(e.target))hide();});
});})();`;

/** Styles for the search form, results and suggestions (appended to the one stylesheet). */
export const SEARCH_CSS = `
.search-form label{display:block;font-weight:600;margin:0 0 .35rem}
.search-row{display:flex;gap:.5rem}
.search-row input{flex:1;min-width:0;font:inherit;padding:.45rem .6rem;border:1px solid var(--muted);border-radius:4px;background:var(--bg);color:var(--text)}
.search-row button{font:inherit;font-weight:600;padding:.45rem .9rem;border:1px solid var(--text);border-radius:4px;background:var(--text);color:var(--bg);cursor:pointer}
.search-form{position:relative}
.header-search{max-width:24rem;margin:.25rem auto .5rem;font-size:.95rem}
.search-page-form{max-width:40rem;margin:0 0 1rem}
.search-suggestions{position:absolute;z-index:5;left:0;right:0;margin:.25rem 0 0;padding:.25rem 0;list-style:none;background:var(--bg);border:1px solid var(--rule);border-radius:4px;box-shadow:0 4px 12px rgba(0,0,0,.15)}
.search-suggestions a{display:block;padding:.4rem .75rem;color:var(--text);text-decoration:none}
.search-suggestions a:hover,.search-suggestions a:focus{background:var(--panel);text-decoration:underline}
.search-summary{font-weight:600}
.search-tips,.search-intro{color:var(--muted)}
.search-filters{display:flex;flex-wrap:wrap;gap:.5rem 2rem;margin:0 0 1rem;font-size:.9rem}
.search-filters ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
.search-filters a[aria-current]{font-weight:700;color:var(--text)}
.search-results{list-style:none;margin:0;padding:0;display:grid;gap:1.25rem}
.search-result h2{font-size:1.15rem;line-height:1.3;margin:0}
.search-result h2 a{color:var(--text);text-decoration:none}
.search-result h2 a:hover{text-decoration:underline}
.search-result .snippet{margin:.25rem 0 0;color:var(--muted)}
mark{background:#fff3a3;color:#111;padding:0 .05em}
@media (prefers-color-scheme:dark){mark{background:#6b5d00;color:#fff}}
.search-empty ul{padding-left:1.2rem}
@media print{.search-form{display:none!important}}
`;
