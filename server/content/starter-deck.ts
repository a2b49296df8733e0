/**
 * The starter deck: generic, made-up production incidents a new team can add to its library in one
 * click and then edit like any card. Each summary is what the driver reads aloud; the evidence is
 * what they reveal, in order. Nothing in it is a real address, token, key or number: where real
 * evidence would hold one, it shows a placeholder (`<ip-1>`) the way redacted evidence does, so the
 * secret scanner accepts every card as it is.
 */
import type { LibraryCardInput } from '../contract/team';

/** The starter scenarios, validated by libraryCardSchema in tests/unit/starter-deck.test.ts. */
export const STARTER_DECK: LibraryCardInput[] = [
  {
    title: 'Order events piling up in the dead-letter queue',
    summary:
      'Monday, 07:40. The pager goes off: the dead-letter queue of the order-events consumer holds more than 4,000 messages and keeps growing. No customer has complained yet. Find out what is failing, whether orders are being lost, and what to do with the messages already parked there.',
    tags: ['queues', 'orders', 'async'],
    severity: 'high',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'Pager alert',
        body: [
          '[FIRING] OrderEventsDeadLetterDepthHigh',
          'severity: high',
          'queue: order-events.dlq',
          'value: 4213 messages (threshold: 100)',
          'for: 15m',
          'runbook: wiki / Runbooks / Order events DLQ',
        ].join('\n'),
      },
      {
        kind: 'log',
        label: 'order-events consumer log',
        body: [
          '07:12:03 WARN  consumer=order-events attempt=3/3 msg="handler failed" error="ValidationError: deliverySlot must be an object, got string" order=ord-58812',
          '07:12:03 INFO  consumer=order-events msg="moved to dead-letter queue" order=ord-58812',
          '07:12:04 INFO  consumer=order-events msg="handled" order=ord-58813',
          '07:12:04 WARN  consumer=order-events attempt=3/3 msg="handler failed" error="ValidationError: deliverySlot must be an object, got string" order=ord-58814',
          '07:12:04 INFO  consumer=order-events msg="moved to dead-letter queue" order=ord-58814',
        ].join('\n'),
      },
      {
        kind: 'chat',
        label: '#team-mobile',
        body: [
          'Priya (06:52): Mobile app 5.8 is rolling out to 20% of users this morning, with the new delivery slot picker 🎉',
          'Tom (07:31): is it me or is the warehouse picking list a lot shorter than usual today?',
        ].join('\n'),
      },
      {
        kind: 'dashboard',
        label: 'Queue dashboard',
        body: 'order-events: published steady at about 40 messages a second. Consumer success rate 100% until 06:58, then 81%. order-events.dlq depth: 0 until 06:58, then a straight line up at about 8 messages a second. Oldest message in the DLQ: 44 minutes. Retries per message: 3, no back-off.',
      },
    ],
  },
  {
    title: 'Checkout API 5xx spike ten minutes after a deploy',
    summary:
      'Thursday, 14:20. The error-rate alarm of the checkout API fires: about 6% of requests answer 500. A deploy of the checkout service went out at 14:08. Decide whether to roll back, and find out what broke.',
    tags: ['deploy', 'checkout', 'http'],
    severity: 'critical',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'Error-rate alarm',
        body: [
          'ALARM: checkout-api-5xx-rate',
          'State: OK -> ALARM at 14:19',
          'Reason: 5xx rate 6.3% over 5 minutes (threshold 2%)',
          'Service: checkout-api   Environment: production',
        ].join('\n'),
      },
      {
        kind: 'chat',
        label: '#deploys',
        body: [
          'deploy-bot (14:08): checkout-api v2.41.0 deployed to production by Sam (12 commits)',
          'deploy-bot (14:08): highlights: "Move tax calculation to the new pricing client", "Bump HTTP client library", "Tidy up logging"',
          'Jo (14:22): is checkout broken? A friend gets "Something went wrong" on the payment step',
        ].join('\n'),
      },
      {
        kind: 'log',
        label: 'checkout-api log',
        body: [
          '14:18:41 ERROR POST /checkout/confirm 500 3ms req=c7-1182 error="TypeError: Cannot read properties of undefined (reading \'rate\')" at PricingClient.taxFor (pricing-client.js:88)',
          '14:18:42 ERROR POST /checkout/confirm 500 2ms req=c7-1183 error="TypeError: Cannot read properties of undefined (reading \'rate\')" at PricingClient.taxFor (pricing-client.js:88)',
          '14:18:42 INFO  POST /checkout/confirm 200 184ms req=c7-1184',
        ].join('\n'),
      },
      {
        kind: 'dashboard',
        label: 'Checkout dashboard',
        body: '5xx rate flat at 0.1% until 14:09, then 6% within two minutes. Only POST /checkout/confirm fails; every GET is fine. Latency p95 unchanged. Broken down by shipping country: every failing order ships to Norway or Switzerland.',
      },
    ],
  },
  {
    title: 'TLS certificate of the partner API expires in six days',
    summary:
      'A certificate-expiry warning arrives for partner-api: six days left. Automatic renewal should have replaced it a month ago. Find out why it did not, who can renew it, and what breaks for partners when it changes.',
    tags: ['tls', 'certificates', 'partners'],
    severity: 'medium',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'Certificate monitor',
        body: [
          'WARNING: certificate expires soon',
          'host: partner-api.example.com:443',
          'subject: CN=partner-api.example.com',
          'not after: in 6 days (Sunday 03:12 UTC)',
          'probe: external-eu',
        ].join('\n'),
      },
      {
        kind: 'log',
        label: 'cert-manager log',
        body: [
          'renewal failed certificate=partner-api-tls reason="Failed to finalize order: 403 unauthorized: Incorrect TXT record found at _acme-challenge.partner-api.example.com"',
          'next attempt in 24h (attempt 31)',
        ].join('\n'),
      },
      {
        kind: 'chat',
        label: '#platform',
        body: 'Lena (five weeks ago): moved the example.com zone to the new DNS provider, all records copied over 👍',
      },
      {
        kind: 'text',
        label: 'Partner contract',
        body: 'Three partners pin our certificate on their side. The contract asks for five working days of notice before we change it, sent to each partner through their support portal.',
      },
    ],
  },
  {
    title: 'Disk on a batch worker filling up with logs',
    summary:
      'Disk usage on batch-worker-3 is at 91% and rising about 2% an hour. Nothing was deployed today, and the two other workers look fine. Keep the node from falling over, find what is writing, and work out why only this node.',
    tags: ['disk', 'logging', 'infrastructure'],
    severity: 'high',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'Node alert',
        body: [
          '[FIRING] NodeDiskFillingUp',
          'instance: batch-worker-3',
          'mountpoint: /var',
          'used: 91% (predicted full in 4h 10m)',
        ].join('\n'),
      },
      {
        kind: 'log',
        label: 'Shell on batch-worker-3',
        body: [
          '$ du -sh /var/log/* | sort -h | tail -3',
          '1.2G    /var/log/journal',
          '3.8G    /var/log/nginx',
          '61G     /var/log/batch-worker',
          '$ ls -lh /var/log/batch-worker',
          '-rw-r--r-- 1 app app  58G  batch-worker.log',
          '-rw-r--r-- 1 app app 2.9G  batch-worker.log.1',
          '$ tail -2 /var/log/batch-worker/batch-worker.log',
          'DEBUG price-sync request GET /internal/prices?page=4113 body=(2.1 MB, logged in full)',
          'DEBUG price-sync response 200 body=(2.1 MB, logged in full)',
        ].join('\n'),
      },
      {
        kind: 'chat',
        label: '#ops',
        body: 'Kai (yesterday, 17:40): turned on debug logging on batch-worker-3 to chase the price-sync bug, will switch it off tomorrow morning',
      },
    ],
  },
  {
    title: 'Order search slow since last night’s data migration',
    summary:
      'Support says the order search page in the back office takes 20 seconds or times out since this morning. Last night a migration moved three million archived orders into the orders table. Find the slow part and make search usable again without losing the migrated data.',
    tags: ['database', 'performance', 'migration'],
    severity: 'high',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'APM alert',
        body: 'Apdex of GET /admin/orders/search dropped to 0.41 (target 0.85). p95 latency 19.8 s, was 320 ms yesterday.',
      },
      {
        kind: 'log',
        label: 'PostgreSQL slow query log',
        body: [
          'LOG:  duration: 18412.551 ms  statement: SELECT * FROM orders WHERE lower(customer_ref) = lower($1) ORDER BY created_at DESC LIMIT 50',
          'LOG:  duration: 17950.203 ms  statement: SELECT * FROM orders WHERE lower(customer_ref) = lower($1) ORDER BY created_at DESC LIMIT 50',
        ].join('\n'),
      },
      {
        kind: 'text',
        label: 'EXPLAIN of the search query',
        body: [
          'Limit  (rows=50)',
          '  ->  Index Scan Backward using orders_created_at_idx on orders',
          "        Filter: (lower(customer_ref) = lower('CR-20417'))",
          '        Rows Removed by Filter: 3112960',
          'Execution Time: 18377.402 ms',
        ].join('\n'),
      },
      {
        kind: 'chat',
        label: '#data',
        body: 'Ana (23:10): migration done ✅ 3.1M archived orders moved into orders. Also cleaned up a few indexes on orders that looked unused.',
      },
    ],
  },
  {
    title: 'Shipping-label provider timing out at the evening peak',
    summary:
      'Between 18:00 and 19:00 the warehouse cannot print shipping labels: our calls to the label provider time out. The provider’s status page is green. Find out where the time goes and how to keep parcels moving tonight.',
    tags: ['third-party', 'timeouts', 'warehouse'],
    severity: 'high',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'Pager alert',
        body: '[FIRING] LabelProviderErrors provider=shiplabel endpoint="POST /v2/labels" errors=34% (timeouts) window=10m',
      },
      {
        kind: 'chat',
        label: '#warehouse-ops',
        body: 'Marta (18:05): scanners keep saying "label failed, try again". 300 parcels waiting for the 19:30 truck, please help!',
      },
      {
        kind: 'log',
        label: 'label-service log',
        body: [
          '18:07:12 WARN  call=shiplabel.createLabel duration=10003ms outcome=timeout attempt=1',
          '18:07:22 WARN  call=shiplabel.createLabel duration=10001ms outcome=timeout attempt=2',
          '18:07:32 ERROR call=shiplabel.createLabel outcome=gave_up attempts=3 parcel=PCL-20931',
          '18:07:32 INFO  http_pool=shiplabel active=50 idle=0 waiting=212',
        ].join('\n'),
      },
      {
        kind: 'dashboard',
        label: 'Outbound calls dashboard',
        body: 'Calls to the provider per minute: about 90 all afternoon, 640 from 18:00. p50 1.2 s, p99 10 s (our timeout). 18:00 is also when the new "Reprint every label of a wave" button was used for the first time.',
      },
    ],
  },
  {
    title: 'Nightly invoice export has not run for three days',
    summary:
      'Finance asks why the accounting system has no invoices since Friday. The export job should send them every night at 02:00, and no alarm fired. Find out when and why it stopped, and how to catch up without sending any invoice twice.',
    tags: ['cron', 'finance', 'batch'],
    severity: 'medium',
    happenedOn: null,
    evidence: [
      {
        kind: 'chat',
        label: '#finance-support',
        body: 'Jonas (Monday 09:12): Hi! Accounting has no invoices from us since Friday. Did something change on your side? We need them for the month-end close on Wednesday.',
      },
      {
        kind: 'log',
        label: 'Scheduler history',
        body: [
          'invoice-export   Thu 02:00   Succeeded   4m12s',
          'invoice-export   Fri 02:00   Succeeded   4m40s',
          'invoice-export   Sat 02:00   (no run)',
          'invoice-export   Sun 02:00   (no run)',
          'invoice-export   Mon 02:00   (no run)',
        ].join('\n'),
      },
      {
        kind: 'text',
        label: 'Job definition, change merged on Friday',
        body: [
          '-  schedule: "0 2 * * *"',
          '+  schedule: "0 2 * * * *"',
          '   timezone: Europe/Berlin',
          '   # "also run on the weekend" (it already did)',
        ].join('\n'),
      },
      {
        kind: 'dashboard',
        label: 'Batch jobs dashboard',
        body: 'The only panel for this job is "invoice-export duration", which shows "No data" since Saturday. There is no "last success" metric and no alert on a missed run.',
      },
    ],
  },
  {
    title: 'Notification service pods restarting every few hours',
    summary:
      'The notification service restarts several times a day, and every restart loses some push notifications. Memory grows steadily from start-up until the pod is killed. Stop losing notifications, then find the leak.',
    tags: ['kubernetes', 'memory', 'notifications'],
    severity: 'high',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'Kubernetes alert',
        body: [
          '[FIRING] PodRestartsHigh',
          'namespace: notifications',
          'pod: notification-service-7c9f-x2k',
          'restarts: 9 in 24h',
          'last state: Terminated, reason OOMKilled, exit code 137',
        ].join('\n'),
      },
      {
        kind: 'dashboard',
        label: 'Memory per pod',
        body: 'Each pod climbs in a straight line from about 300 MiB at start-up to its 1 GiB limit in about five hours, then falls back after the restart: a saw-tooth. The pattern started twelve days ago. Traffic is flat.',
      },
      {
        kind: 'log',
        label: 'notification-service log',
        body: [
          '10:02:11 INFO  subscribed to user-preferences changes (listeners: 1)',
          '11:02:11 INFO  subscribed to user-preferences changes (listeners: 2)',
          '12:02:11 INFO  subscribed to user-preferences changes (listeners: 3)',
          '(node) MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 preferences-changed listeners added. Use emitter.setMaxListeners() to increase limit',
        ].join('\n'),
      },
      {
        kind: 'chat',
        label: '#customer-support',
        body: 'Nadia (09:30): three customers say they never got the "your order has shipped" notification yesterday afternoon.',
      },
    ],
  },
  {
    title: 'Some customers cannot reach the shop after a DNS change',
    summary:
      'Yesterday at 17:00 the shop’s DNS moved to a new CDN. This morning support has a dozen tickets saying the site does not load, while it works for everyone in the office. Find out who is affected and why, and what can still be done about it.',
    tags: ['dns', 'cdn', 'networking'],
    severity: 'critical',
    happenedOn: null,
    evidence: [
      {
        kind: 'chat',
        label: '#support',
        body: 'Mia (08:40): 12 tickets since 07:00, "this site can’t be reached". Most of them are on the same mobile network. Works fine for me.',
      },
      {
        kind: 'text',
        label: 'Change ticket',
        body: [
          'Change: move www.shop.example to the CDN',
          '17:00 record changed: www.shop.example A <ip-1> (old load balancer) -> CNAME shop.cdn-edge.example',
          '17:30 old load balancer at <ip-1> decommissioned',
          'TTL of the old record: 86400 s',
        ].join('\n'),
      },
      {
        kind: 'dashboard',
        label: 'Traffic dashboard',
        body: 'Requests served by the CDN: 70% of a normal Tuesday morning. Flow logs of the old load balancer’s address still show about a third of the usual connection attempts, all refused.',
      },
    ],
  },
  {
    title: 'Account API hanging: database connection pool exhausted',
    summary:
      'The account API answers slowly, then with 503s, in waves of a few minutes. The database itself looks calm. Find out what is holding the connections.',
    tags: ['database', 'connection-pool', 'api'],
    severity: 'high',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'Pager alert',
        body: '[FIRING] AccountApiLatencyHigh service=account-api p99=5s 503-rate=12% window=5m',
      },
      {
        kind: 'log',
        label: 'account-api log',
        body: [
          '11:42:07 WARN  pool=accounts-db msg="timeout acquiring connection" waited=5000ms active=20 idle=0 pending=143',
          '11:42:07 ERROR GET /accounts/me 503 5004ms error="connection pool timeout"',
          '11:42:09 INFO  loyalty-sync msg="calling partner API" account=acc-3391',
          '11:42:39 WARN  loyalty-sync msg="partner API slow" duration=30012ms account=acc-3391',
        ].join('\n'),
      },
      {
        kind: 'dashboard',
        label: 'Database dashboard',
        body: 'CPU 15%. 22 connections open out of 200. Slow query log empty. Sessions "idle in transaction": 18, the oldest for 4 minutes, all from account-api, last statement SELECT … FROM loyalty_points … FOR UPDATE.',
      },
      {
        kind: 'chat',
        label: '#loyalty',
        body: 'Ben (yesterday): shipped the loyalty points sync! It calls the partner inside the transaction so points and balance always stay consistent 🙂',
      },
    ],
  },
  {
    title: 'Users logged out at random: clock skew on one gateway',
    summary:
      'Since the weekend some users are logged out right after signing in; the next attempt usually works. It happens on the web and on mobile, and nobody touched the login code this month. Find the pattern.',
    tags: ['auth', 'time', 'infrastructure'],
    severity: 'medium',
    happenedOn: null,
    evidence: [
      {
        kind: 'chat',
        label: '#support',
        body: 'Leo (Monday 09:20): five tickets, "logged out immediately after login, works on the second try". Web and app both.',
      },
      {
        kind: 'log',
        label: 'auth-gateway log',
        body: [
          '09:14:02 WARN  host=gw-2 msg="session rejected" reason="issued-at is 94 s in the future" user=u-4411',
          '09:14:05 INFO  host=gw-1 msg="session accepted" user=u-4411',
          '09:15:40 WARN  host=gw-2 msg="session rejected" reason="issued-at is 95 s in the future" user=u-2087',
        ].join('\n'),
      },
      {
        kind: 'dashboard',
        label: 'Node time dashboard',
        body: 'Clock offset: gw-1 +0.002 s, gw-3 -0.001 s, gw-2 -94 s and drifting about one second an hour since Saturday. Time sync on gw-2 reports "no selectable sources".',
      },
      {
        kind: 'text',
        label: 'Change log',
        body: 'Saturday: firewall clean-up in the gateway subnet, "removed unused outbound rules".',
      },
    ],
  },
  {
    title: 'Wrong basket totals after a feature flag rollout',
    summary:
      'Customers report basket totals that do not match the items, but only some customers. This morning the new-promotions-engine flag went from 10% to 50% of users. Find who is affected and stop the damage without a deploy.',
    tags: ['feature-flags', 'pricing', 'checkout'],
    severity: 'critical',
    happenedOn: null,
    evidence: [
      {
        kind: 'chat',
        label: '#support',
        body: 'Ella (10:05): a customer has 3 items at 12.00 each and a basket total of 24.00. They are happy, we are not. Eight similar tickets this morning.',
      },
      {
        kind: 'text',
        label: 'Flag audit log',
        body: [
          '09:58  promotion "3 for 2 on kitchen" created in the back office',
          '10:00  new-promotions-engine: rollout 10% -> 50% (targeting: share of user ids)',
        ].join('\n'),
      },
      {
        kind: 'log',
        label: 'pricing log',
        body: [
          '10:03:11 INFO engine=new    basket=b-88213 promo=3-for-2-kitchen applied_to=3 items discount=12.00',
          '10:03:11 INFO engine=legacy basket=b-88214 promo=3-for-2-kitchen not eligible (category mismatch)',
        ].join('\n'),
      },
      {
        kind: 'dashboard',
        label: 'Sales dashboard',
        body: 'Average order value down 9% since 10:00. Cost of promotions so far today: six times the forecast, almost all of it "3 for 2 on kitchen".',
      },
    ],
  },
  {
    title: 'Consumer lag climbing on one partition of the payments topic',
    summary:
      'Payment confirmations reach some customers minutes late. Consumer lag on the payments topic is normal on eleven partitions and climbing on one. Find out what is special about that partition.',
    tags: ['kafka', 'messaging', 'payments'],
    severity: 'high',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'Pager alert',
        body: '[FIRING] ConsumerLagHigh group=payment-confirmations topic=payments partition=7 lag=182,400 (threshold 5,000)',
      },
      {
        kind: 'dashboard',
        label: 'Broker dashboard',
        body: 'Lag per partition: under 50 everywhere except partition 7, climbing since 13:20. Messages in: partition 7 receives 40% of the topic, each other partition about 5%. The consumer of partition 7 is at 100% CPU; the others idle.',
      },
      {
        kind: 'log',
        label: 'checkout producer log',
        body: [
          '13:21:40 DEBUG produce topic=payments key=merchant:m-1001 partition=7',
          '13:21:40 DEBUG produce topic=payments key=merchant:m-1001 partition=7',
          '13:21:41 DEBUG produce topic=payments key=merchant:m-2230 partition=3',
        ].join('\n'),
      },
      {
        kind: 'chat',
        label: '#sales',
        body: 'Rita (13:05): Big news: MegaMart (merchant m-1001) went live on our payments this afternoon! 🎉',
      },
    ],
  },
  {
    title: 'Search latency doubles every afternoon',
    summary:
      'Every weekday from about 14:00 the search API’s p95 latency doubles, then recovers in the evening. Traffic is only slightly higher at that time. Find out what changes at 14:00.',
    tags: ['performance', 'kubernetes', 'cpu'],
    severity: 'medium',
    happenedOn: null,
    evidence: [
      {
        kind: 'alert',
        label: 'Latency alert',
        body: '[FIRING] SearchApiLatencyP95 service=search-api value=840ms threshold=400ms since 14:03',
      },
      {
        kind: 'dashboard',
        label: 'search-api pods',
        body: 'CPU use stays at about 60% of each pod’s request, but the share of throttled CPU periods jumps from 2% to 45% at 14:00. Only pods on node pool B are affected.',
      },
      {
        kind: 'log',
        label: 'kubectl top pods on node pool B',
        body: [
          'NAME                          CPU(cores)   MEMORY(bytes)',
          'reports-generator-5d8c-q1w    7012m        6120Mi',
          'search-api-66b9-k2p           580m         410Mi',
          'search-api-66b9-m7d           610m         402Mi',
        ].join('\n'),
      },
      {
        kind: 'chat',
        label: '#data',
        body: 'Hugo (last week): reports now run at 14:00 instead of overnight, so sales get them before their 16:00 call 🚀',
      },
    ],
  },
];
