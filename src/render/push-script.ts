import { createHash } from 'node:crypto';

/**
 * Web Push opt-in for readers (docs/decisions/011-web-push.md). Progressive: the footer block is rendered hidden
 * and only when the site has VAPID keys; this script shows it when the browser can do push (service worker,
 * PushManager, Notification). Turning alerts on asks for permission, registers the service worker at the root
 * scope, subscribes with the site's VAPID key and stores the subscription; turning them off removes it. Every text
 * comes from data attributes, in the page's language. Served as a file: the reader CSP (script-src 'self') holds.
 */
export const PUSH_OPTIN_JS = `(function(){
var box=document.getElementById('push-optin');
if(!box||!('serviceWorker' in navigator)||!('PushManager' in window)||!('Notification' in window)||!window.fetch)return;
var button=box.querySelector('button'),status=box.querySelector('[role=status]'),sw=box.getAttribute('data-sw'),key=box.getAttribute('data-key'),lang=document.documentElement.lang;
var on=false,busy=false;
function text(name){return box.getAttribute('data-'+name)||'';}
function render(message){button.textContent=text(on?'off':'on');button.disabled=busy;if(message!==undefined)status.textContent=message;}
function keyBytes(){var s=key.replace(/-/g,'+').replace(/_/g,'/');while(s.length%4)s+='=';var raw=atob(s),out=new Uint8Array(raw.length);for(var i=0;i<raw.length;i++)out[i]=raw.charCodeAt(i);return out;}
function send(method,body){return fetch('/api/push/subscriptions',{method:method,headers:{'content-type':'application/json'},body:JSON.stringify(body)}).then(function(r){if(!r.ok)throw new Error('HTTP '+r.status);});}
function current(){return navigator.serviceWorker.getRegistration(sw).then(function(reg){return reg?reg.pushManager.getSubscription():null;});}
function turnOn(){return Notification.requestPermission().then(function(permission){
if(permission!=='granted'){render(text('blocked'));return;}
return navigator.serviceWorker.register(sw,{scope:'/'}).then(function(){return navigator.serviceWorker.ready;}).then(function(reg){
return reg.pushManager.getSubscription().then(function(existing){return existing||reg.pushManager.subscribe({userVisibleOnly:true,applicationServerKey:keyBytes()});});
}).then(function(sub){var data=sub.toJSON();data.language=lang;return send('POST',data);}).then(function(){on=true;render(text('enabled'));});});}
function turnOff(){return current().then(function(sub){if(!sub)return;return send('DELETE',{endpoint:sub.endpoint}).then(function(){return sub.unsubscribe();});}).then(function(){on=false;render(text('disabled'));});}
button.addEventListener('click',function(){if(busy)return;busy=true;render();
(on?turnOff():turnOn()).catch(function(){render(text('failed'));}).then(function(){busy=false;render();});});
current().then(function(sub){on=!!sub;},function(){}).then(function(){render();box.hidden=false;});
})();`;

/**
 * The service worker (served at /push-sw.js so its scope is the whole site): shows the alert as a notification and
 * opens the story when the reader clicks it (focusing a tab that already shows it). Only this site's URLs open.
 */
export const PUSH_SW_JS = `'use strict';
self.addEventListener('install',function(){self.skipWaiting();});
self.addEventListener('activate',function(event){event.waitUntil(self.clients.claim());});
self.addEventListener('push',function(event){
var data={};try{data=event.data?event.data.json():{};}catch(e){data={body:event.data?event.data.text():''};}
event.waitUntil(self.registration.showNotification(data.title||'',{body:data.body||data.headline||'',lang:data.lang||'',tag:data.tag||undefined,data:{url:data.url||'/'}}));
});
self.addEventListener('notificationclick',function(event){
event.notification.close();
var target=new URL((event.notification.data&&event.notification.data.url)||'/',self.location.origin);
if(target.origin!==self.location.origin)return;
event.waitUntil(self.clients.matchAll({type:'window',includeUncontrolled:true}).then(function(list){
for(var i=0;i<list.length;i++){if(list[i].url===target.href&&'focus' in list[i])return list[i].focus();}
return self.clients.openWindow(target.href);}));
});
`;

export const PUSH_OPTIN_PATH = `/assets/push.${createHash('sha256').update(PUSH_OPTIN_JS).digest('hex').slice(0, 12)}.js`;
/** At the root, so the worker's scope is the whole site (a worker's scope cannot be above its own path). */
export const PUSH_SW_PATH = '/push-sw.js';
