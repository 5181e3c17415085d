// The navigation's 新消息 badge: /inbox/live sends how many in-app messages wait for acknowledgement, at once and again
// whenever that changes, so a message sent to this person shows on whatever page they have open. Reconnects when the
// socket drops (back-off up to a minute).
(function () {
  var badge = document.querySelector('[data-role=inbox-badge]');
  if (!badge || typeof WebSocket === 'undefined') return;
  var count = badge.querySelector('[data-role=unread]');
  var wait = 2000;
  function show(n, arrived) {
    count.textContent = String(n);
    badge.classList.toggle('d-none', n === 0);
    badge.dataset.unread = String(n);
    if (arrived > 0) {
      badge.classList.remove('inbox-arrived');
      void badge.offsetWidth;
      badge.classList.add('inbox-arrived');
      badge.setAttribute('title', '收到 ' + arrived + ' 条新消息');
    }
  }
  function connect() {
    var socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/inbox/live');
    socket.onopen = function () { wait = 2000; };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (typeof message.unread === 'number') show(message.unread, message.arrived || 0);
    };
    socket.onclose = function () { setTimeout(connect, wait); wait = Math.min(wait * 2, 60000); };
  }
  connect();
})();
