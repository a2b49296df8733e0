import type { SecretKind } from '../../server/model/secret-kinds';

/**
 * One piece of real-looking incident evidence and every value a careful human would redact from it.
 * Values are written as they should be replaced: an IP without its port or brackets, a token without its
 * `Bearer ` or `password=` label, a URL's password without the user or host, a card or phone number with
 * its spaces and dashes. All secrets here are random or documentation values, never real ones.
 */
export interface Sample {
  /** Where text like this comes from. */
  source: string;
  text: string;
  /** Every expected finding as [kind, value]; a value written twice in `text` is listed once. */
  expected: [SecretKind, string][];
}

/** Samples written before the detectors were tuned; many are benign lines full of numbers, hashes and ids. */
export const SAMPLES: Sample[] = [
  {
    source: 'Slack thread',
    text: `[02:14] alice.nguyen: checkout is 500ing for everyone, started ~02:10
[02:15] bob: seeing it too. pager says error rate 34% on checkout-api
[02:16] alice.nguyen: @bob can you check pod checkout-7f9db93e3-f6zj9? it restarted 3 times
[02:18] bob: OOMKilled, limit is 512Mi. bumping to 1Gi in PR #4821`,
    expected: [],
  },
  {
    source: 'Slack thread',
    text: `Carla Mendes  10:42 AM
Customer jane.doe@gmail.com says she was charged twice for order ORD-2024-558812. Amount £49.99, ref ch_3OqLxK2eZvKYlo2C1a2b3c4d`,
    expected: [['email', 'jane.doe@gmail.com']],
  },
  {
    source: 'nginx access log',
    text: `203.0.113.42 - - [12/Mar/2024:02:10:33 +0000] "POST /api/v1/checkout HTTP/1.1" 502 157 "https://shop.example.com/cart" "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36" rt=30.001 uct="0.000" uht="30.001" upstream=10.0.4.17:8080`,
    expected: [
      ['ip', '203.0.113.42'],
      ['ip', '10.0.4.17'],
    ],
  },
  {
    source: 'app log (JSON)',
    text: `{"level":"error","time":"2024-03-12T02:10:35.118Z","msg":"payment declined","orderId":"A-99812","userEmail":"m.okafor@example.org","traceId":"4bf92f3577b34da6a3ce929d0e0e4736","spanId":"00f067aa0ba902b7","durationMs":1843}`,
    expected: [['email', 'm.okafor@example.org']],
  },
  {
    source: 'Java stack trace',
    text: `java.lang.NullPointerException: Cannot invoke "com.acme.billing.Invoice.getTotal()" because "invoice" is null
    at com.acme.billing.InvoiceService.finalise(InvoiceService.java:212)
    at com.acme.billing.InvoiceController.close(InvoiceController.java:88)
    at jdk.internal.reflect.GeneratedMethodAccessor412.invoke(Unknown Source)
    at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:897)`,
    expected: [],
  },
  {
    source: 'kubectl get pods',
    text: `NAME                              READY   STATUS             RESTARTS         AGE
checkout-7f9db93e3-f6zj9          0/1     CrashLoopBackOff   12 (2m14s ago)   41m
checkout-71d1bc1a6-rm285          1/1     Running            0                41m
payments-worker-5c8d7b9f4-q8zlm   1/1     Running            3 (18h ago)      6d2h
redis-master-0                    1/1     Running            0                92d`,
    expected: [],
  },
  {
    source: 'kubectl describe pod',
    text: `Name:             checkout-7f8193a1d-gt5lh
Namespace:        shop
Node:             ip-10-0-3-114.eu-west-1.compute.internal/10.0.3.114
Start Time:       Tue, 12 Mar 2024 01:29:02 +0000
Status:           Running
IP:               10.244.2.37
Containers:
  checkout:
    Image:          registry.example.com/shop/checkout:1.42.0
    Image ID:       registry.example.com/shop/checkout@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
    Port:           8080/TCP
    Limits:
      memory:  512Mi`,
    expected: [
      ['ip', '10.0.3.114'],
      ['ip', '10.244.2.37'],
    ],
  },
  {
    source: 'SQL session',
    text: `SELECT id, email, created_at FROM customers WHERE email = 'r.patel@example.co.uk' AND created_at > '2024-03-01 00:00:00';
-- 1 row, 3.214 ms`,
    expected: [['email', 'r.patel@example.co.uk']],
  },
  {
    source: 'SQL session',
    text: `UPDATE orders SET status = 'refunded', updated_at = now() WHERE id IN (558812, 558813, 558907) AND total_cents = 4999;
-- UPDATE 3
EXPLAIN ANALYZE: Index Scan using orders_pkey on orders  (cost=0.43..25.12 rows=3 width=64) (actual time=0.031..0.052 rows=3 loops=1)`,
    expected: [],
  },
  {
    source: '.env file',
    text: `DATABASE_URL=postgres://checkout:Vq7kL2pX9mRw@db-primary.internal:5432/checkout
REDIS_URL=redis://redis-master.shop.svc.cluster.local:6379/0
STRIPE_SECRET_KEY=sk_live_ApnPPAQ8yJlWQEOz56CgyL2w
LOG_LEVEL=info
PORT=8080`,
    expected: [
      ['token', 'Vq7kL2pX9mRw'],
      ['token', 'sk_live_ApnPPAQ8yJlWQEOz56CgyL2w'],
    ],
  },
  {
    source: 'AWS credentials file',
    text: `[default]
aws_access_key_id = AKIAXQDX3K7F65NDOQA7
aws_secret_access_key = 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
region = eu-west-1`,
    expected: [
      ['aws-key', 'AKIAXQDX3K7F65NDOQA7'],
      ['aws-key', 'WsQEP9VKJ2xi8waZBVpcO0DLsySG0aIW60Qv3oRy'],
    ],
  },
  {
    source: 'aws sts assume-role output',
    text: `{
  "Credentials": {
    "AccessKeyId": "ASIAPDSPQC45UTHASAIL",
    "SecretAccessKey": "axKPH6aYr93nvruCbAxqqlMwiSgmOoBL7zNic7rv",
    "SessionToken": "IQoJb3JpZ2luX2VjEHYaCWV1LXdlc3QtMSJHMEUCIQD8k2mY7xJ3nLq0pV5sT1wZ9aB4cR6dE2fG8hK0jL3mNwIgX5vT7yU9iO1pA3sD5fG7hJ9kL1zX3cV5bN7mQ9wE2rTq",
    "Expiration": "2024-03-12T03:10:33Z"
  }
}`,
    expected: [
      ['aws-key', 'ASIAPDSPQC45UTHASAIL'],
      ['aws-key', 'axKPH6aYr93nvruCbAxqqlMwiSgmOoBL7zNic7rv'],
      [
        'token',
        'IQoJb3JpZ2luX2VjEHYaCWV1LXdlc3QtMSJHMEUCIQD8k2mY7xJ3nLq0pV5sT1wZ9aB4cR6dE2fG8hK0jL3mNwIgX5vT7yU9iO1pA3sD5fG7hJ9kL1zX3cV5bN7mQ9wE2rTq',
      ],
    ],
  },
  {
    source: 'terminal: curl',
    text: `$ curl -sS -H "Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEiLCJpYXQiOjE3MTAyMDk0MzMsImV4cCI6MTcxMDIxMzAzM30.9EqPdTWMgM7to2FxqSfYO8SnkXdivW3k4OPIZ7x93_Y" https://api.example.com/v1/orders/558812
{"error":"token_expired","message":"JWT expired at 2024-03-12T02:10:33Z"}`,
    expected: [
      [
        'jwt',
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzQ4MjEiLCJpYXQiOjE3MTAyMDk0MzMsImV4cCI6MTcxMDIxMzAzM30.9EqPdTWMgM7to2FxqSfYO8SnkXdivW3k4OPIZ7x93_Y',
      ],
    ],
  },
  {
    source: 'terminal: curl -v',
    text: `> GET /internal/health HTTP/1.1
> Host: inventory.shop.svc:8080
> Authorization: Bearer 2AY0uqiw3X9kLSCk8nYzIwioZF51CllN
> User-Agent: curl/8.5.0
< HTTP/1.1 401 Unauthorized
< WWW-Authenticate: Bearer realm="inventory", error="invalid_token"`,
    expected: [['token', '2AY0uqiw3X9kLSCk8nYzIwioZF51CllN']],
  },
  {
    source: 'GitHub Actions log',
    text: `Run actions/checkout@v4
  with:
    repository: acme/shop
    token: ***
Error: fatal: could not read Username for 'https://github.com': terminal prompts disabled`,
    expected: [],
  },
  {
    source: 'Slack thread',
    text: `dave  3:12 PM
try with my token for now: ghp_8LpefcsBAyiPutwRFcoM3zcCvPRV8I13Zkes (will rotate after)
erin  3:13 PM
:scream: please rotate it now, this channel is logged`,
    expected: [['token', 'ghp_8LpefcsBAyiPutwRFcoM3zcCvPRV8I13Zkes']],
  },
  {
    source: 'Python snippet',
    text: `client = WebClient(token="xoxb-024090204378-5040033129438-vb4nZGidEBAH5clz3AzX9gwL")
resp = client.chat_postMessage(channel="#incidents", text="Checkout error rate 34% since 02:10")`,
    expected: [['token', 'xoxb-024090204378-5040033129438-vb4nZGidEBAH5clz3AzX9gwL']],
  },
  {
    source: 'Alertmanager payload',
    text: `{
  "status": "firing",
  "labels": {"alertname": "HighErrorRate", "service": "checkout-api", "severity": "page", "instance": "10.0.4.17:9100"},
  "annotations": {"summary": "5xx ratio 0.34 > 0.05 for 5m", "runbook_url": "https://runbooks.example.com/checkout/high-error-rate"},
  "startsAt": "2024-03-12T02:10:00.000Z",
  "generatorURL": "http://prometheus-0:9090/graph?g0.expr=sum%28rate%28http_requests_total%7Bstatus%3D~%225..%22%7D%5B5m%5D%29%29&g0.tab=1",
  "fingerprint": "6f3c2b1a9d8e7f60"
}`,
    expected: [['ip', '10.0.4.17']],
  },
  {
    source: 'Grafana annotation',
    text: `Deploy checkout v1.42.0 (sha 1a02b2b3d87219f6ead8899b864e28175a7abe3f) by @alice — p99 latency 1.8s → 240ms, error rate 0.2% after 02:41`,
    expected: [],
  },
  {
    source: 'PagerDuty incident',
    text: `[#48213] TRIGGERED: Checkout API error rate alarm
Service: checkout-api | Urgency: high | Assigned: Alice Nguyen (alice.nguyen@acme-shop.com)
Created: Mar 12, 2024 at 02:10:00 UTC | Escalation policy: Shop Primary`,
    expected: [['email', 'alice.nguyen@acme-shop.com']],
  },
  {
    source: 'support ticket',
    text: `Caller: Mrs. Hughes, +44 20 7946 0958, order 558812 — says the payment page hung for 30s and then showed "Error 502". Callback on 07700 900123 after 5pm.`,
    expected: [
      ['phone', '+44 20 7946 0958'],
      ['phone', '07700 900123'],
    ],
  },
  {
    source: 'runbook contacts',
    text: `Escalation contacts: on-call lead Sam Ortiz +1 (415) 555-0132, backup (415) 555-0178. Vendor support line 1-800-555-0199 (ticket 00481233).`,
    expected: [
      ['phone', '+1 (415) 555-0132'],
      ['phone', '(415) 555-0178'],
      ['phone', '1-800-555-0199'],
    ],
  },
  {
    source: 'Spring Boot log',
    text: `2024-03-12 02:10:33.118 INFO  [http-nio-8080-exec-7] c.a.c.OrderController - order=558812 items=3 total=4999 took=1843ms
2024-03-12 02:10:33.512 WARN  [http-nio-8080-exec-2] c.a.c.PaymentClient - retry 2/3 after 250 ms (timeout 30000 ms)`,
    expected: [],
  },
  {
    source: 'payment gateway debug log',
    text: `2024-03-12T02:11:02Z DEBUG payment-gateway request body: {"amount":4999,"currency":"GBP","card":{"number":"4111111111111111","exp_month":12,"exp_year":2027,"cvc":"123"},"customer":"cus_PqL2xR8sT4"}`,
    expected: [['card', '4111111111111111']],
  },
  {
    source: 'support ticket',
    text: `Customer read out her card as 5555 5555 5555 4444 over chat (!!) — agent pasted it into the ticket. Please scrub ticket #77120.`,
    expected: [['card', '5555 5555 5555 4444']],
  },
  {
    source: 'refund worker log',
    text: `refund failed for card 3782-822463-10005 exp 04/26: processor response 05 Do Not Honor`,
    expected: [['card', '3782-822463-10005']],
  },
  {
    source: 'batch job log',
    text: `batch 2024031200017 processed: 1200 rows, checksum 4111111111111112, duration 00:03:12`,
    expected: [],
  },
  {
    source: 'queue consumer log',
    text: `lastSeen=1710209433123 nextRetryAt=1710209463123 queueDepth=1284412 bytes=52428800 offset=88412395123`,
    expected: [],
  },
  {
    source: 'SQL migration',
    text: `INSERT INTO payment_methods (customer_id, pan, brand) VALUES (90412, '6011111111111117', 'discover'); -- TODO remove, should be tokenised`,
    expected: [['card', '6011111111111117']],
  },
  {
    source: 'API gateway log',
    text: `2024-03-12T02:10:41Z WARN rate limit exceeded client=2001:db8:85a3::8a2e:370:7334 path=/api/v1/login limit=20/min`,
    expected: [['ip', '2001:db8:85a3::8a2e:370:7334']],
  },
  {
    source: 'nginx config',
    text: `listen [::]:443 ssl http2;
upstream backend { server [2001:db8::10]:8080; server [2001:db8::11]:8080 backup; }
# health from fe80::1ff:fe23:4567:890a%eth0 ok`,
    expected: [
      ['ip', '2001:db8::10'],
      ['ip', '2001:db8::11'],
      ['ip', 'fe80::1ff:fe23:4567:890a'],
    ],
  },
  {
    source: 'sshd log',
    text: `Connection from ::ffff:198.51.100.23 port 51234 on ::ffff:10.0.0.5 port 22`,
    expected: [
      ['ip', '::ffff:198.51.100.23'],
      ['ip', '::ffff:10.0.0.5'],
    ],
  },
  {
    source: 'cron log',
    text: `12:30:45 worker-3 job=nightly-export step 4/7 finished in 00:12:31.442; next run 2024-03-13 02:00:00`,
    expected: [],
  },
  {
    source: 'ifconfig',
    text: `eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 9001
        inet 172.31.22.9  netmask 255.255.240.0  broadcast 172.31.31.255
        ether 0a:1b:2c:3d:4e:5f  txqueuelen 1000  (Ethernet)`,
    expected: [
      ['ip', '172.31.22.9'],
      ['ip', '172.31.31.255'],
    ],
  },
  {
    source: 'upgrade notes',
    text: `Upgraded openssl 3.0.13, node v20.11.1, agent 7.52.0.1-beta; assembly version 10.2.3.4.5 mismatch; SNMP OID 1.3.6.1.2.1.1.3.0 timed out`,
    expected: [],
  },
  {
    source: '.NET stack trace',
    text: `System.IO.FileNotFoundException: Could not load file or assembly 'Newtonsoft.Json, Version=13.0.0.0, Culture=neutral, PublicKeyToken=30ad4fe6b2a6aeed' or one of its dependencies.
   at Acme.Checkout.Startup.ConfigureServices(IServiceCollection services) in /src/Checkout/Startup.cs:line 42`,
    expected: [],
  },
  {
    source: 'git show',
    text: `Pulled registry.example.com/shop/checkout@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
commit 91b0929ee6fe90d1128f0fbc52b0e8cf05262bde (HEAD -> release/1.42, origin/release/1.42)
Author: Alice Nguyen <alice.nguyen@acme-shop.com>
Date:   Tue Mar 12 01:58:12 2024 +0000`,
    expected: [['email', 'alice.nguyen@acme-shop.com']],
  },
  {
    source: 'load balancer log',
    text: `[req a3a09f7d-431e-4b42-8279-8d4f30fe3552] 504 Gateway Timeout upstream=inventory (30.0s); x-request-id=26a71436-e2e2-45ef-8874-61c682ae3f82; x-amzn-trace-id=Root=1-65efb8a1-5ad2c2254dbc6b4dfae089ee`,
    expected: [],
  },
  {
    source: 'webhook service log',
    text: `webhook verify failed: expected signature for token=1a3f20c555f3ed7346b410cfb7d2129ca31808d3 but got none`,
    expected: [['token', '1a3f20c555f3ed7346b410cfb7d2129ca31808d3']],
  },
  {
    source: 'appsettings connection string',
    text: `Server=sql-prod-01.internal,1433;Database=Orders;User Id=orders_app;Password=Summer2024!Orders;Encrypt=True;`,
    expected: [['token', 'Summer2024!Orders']],
  },
  {
    source: 'application.yml',
    text: `spring:
  datasource:
    url: jdbc:postgresql://10.0.5.20:5432/billing
    username: billing_rw
    password: "b1ll1ng-Rw-2024"
  redis:
    host: redis-master
    port: 6379`,
    expected: [
      ['ip', '10.0.5.20'],
      ['token', 'b1ll1ng-Rw-2024'],
    ],
  },
  {
    source: 'kubectl get secret -o yaml',
    text: `apiVersion: v1
kind: Secret
metadata:
  name: checkout-db
type: Opaque
data:
  username: Y2hlY2tvdXQ=
  password: VnE3a0wycFg5bVJ3`,
    expected: [['token', 'VnE3a0wycFg5bVJ3']],
  },
  {
    source: 'deployment.yaml',
    text: `        env:
          - name: DB_PASSWORD
            valueFrom:
              secretKeyRef:
                name: checkout-db
                key: password
          - name: API_TOKEN
            value: "\${API_TOKEN}"`,
    expected: [],
  },
  {
    source: 'config dump (masked)',
    text: `password=********  token=<redacted>  api_key=REDACTED  secret=\${VAULT_SECRET}  client_secret={{ .Values.clientSecret }}`,
    expected: [],
  },
  {
    source: 'terminal: redis-cli',
    text: `$ redis-cli -h 10.0.6.12 -a 'Rd!s-pr0d-9931' INFO memory
Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.
used_memory_human:7.81G
maxmemory_human:8.00G`,
    expected: [
      ['ip', '10.0.6.12'],
      ['token', 'Rd!s-pr0d-9931'],
    ],
  },
  {
    source: 'terminal: mysql',
    text: `mysql -h db-replica-2.internal -u reporting --password=R3port!ng2024 -e "SELECT COUNT(*) FROM orders WHERE created_at > NOW() - INTERVAL 1 HOUR"`,
    expected: [['token', 'R3port!ng2024']],
  },
  {
    source: 'terminal: stripe listen',
    text: `stripe listen --forward-to localhost:8080/webhooks/stripe
> Ready! Your webhook signing secret is whsec_9f3KpL2mQx8RzT4vWb7nYc1dHs6Ga0Ej (^C to quit)
2024-03-12 02:12:44   --> charge.failed [evt_3OqLxK2eZvKYlo2C0Ab1Cd2E]`,
    expected: [['token', 'whsec_9f3KpL2mQx8RzT4vWb7nYc1dHs6Ga0Ej']],
  },
  {
    source: 'Python snippet',
    text: `import openai
openai.api_key = "sk-proj-47f7TF1vO4CqeLD5nUzL1evehTx0k2PeqPd1pKi8EiZ-LpHG"
# 429 Too Many Requests: Rate limit reached for gpt-4o in organization org-Xk2aP9qLm3ZrT8vW1yB4cQ5d on tokens per min (TPM): Limit 30000, Used 29871, Requested 412.`,
    expected: [['token', 'sk-proj-47f7TF1vO4CqeLD5nUzL1evehTx0k2PeqPd1pKi8EiZ-LpHG']],
  },
  {
    source: 'JavaScript snippet',
    text: `const MAPS_KEY = 'AIzafVgu1pD864P8ZSLVuf-_gKrjB7O2tl5LtoJ'; // TODO move to env
fetch(\`https://maps.googleapis.com/maps/api/geocode/json?address=\${encodeURIComponent(addr)}&key=\${MAPS_KEY}\`)`,
    expected: [['token', 'AIzafVgu1pD864P8ZSLVuf-_gKrjB7O2tl5LtoJ']],
  },
  {
    source: '.npmrc',
    text: `//registry.npmjs.org/:_authToken=npm_UrLj3oDw5HHQkTnOeJXomA7sxAKaycF0FnXL
always-auth=true`,
    expected: [['token', 'npm_UrLj3oDw5HHQkTnOeJXomA7sxAKaycF0FnXL']],
  },
  {
    source: 'terminal: git clone',
    text: `git clone https://oauth2:glpat-r5HrpcYUd3jza6TBKoS7@gitlab.example.com/shop/checkout.git
fatal: Authentication failed for 'https://gitlab.example.com/shop/checkout.git/'`,
    expected: [['token', 'glpat-r5HrpcYUd3jza6TBKoS7']],
  },
  {
    source: 'mailer log',
    text: `SENDGRID_API_KEY=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
2024-03-12 02:20:11 ERROR mailer: 401 Unauthorized from api.sendgrid.com (permission denied, wrong scopes)`,
    expected: [['token', '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']],
  },
  {
    source: '.env file',
    text: `TWILIO_ACCOUNT_SID=AC5ad2c2254dbc6b4dfae089ee388bfefa
TWILIO_API_KEY=SK8851656b60569bad7832ab9c66c2ecc6
TWILIO_API_SECRET=60eb6ad2079dcd474036de02f2feb3d6`,
    expected: [
      ['token', 'SK8851656b60569bad7832ab9c66c2ecc6'],
      ['token', '60eb6ad2079dcd474036de02f2feb3d6'],
    ],
  },
  {
    source: '.env file',
    text: `SLACK_APP_TOKEN=xapp-1-AQJ49GFSWSB-1140168656110-f75ff997441c88afc1984c014e5aa27685151a51893ac815dd96408a2faad72c
SLACK_SIGNING_SECRET=5ac06dfecd70a316ff20ad810ea46c0b`,
    expected: [
      [
        'token',
        'xapp-1-AQJ49GFSWSB-1140168656110-f75ff997441c88afc1984c014e5aa27685151a51893ac815dd96408a2faad72c',
      ],
      ['token', '5ac06dfecd70a316ff20ad810ea46c0b'],
    ],
  },
  {
    source: 'Slack thread',
    text: `frank  11:02 AM
the cron uses a user token (xoxp-06964906556-040998140099-3078531023659-d01dc7bcd1d0ef72be01125a0c8aa3ec) that belonged to Gina, she left last week → token_revoked`,
    expected: [['token', 'xoxp-06964906556-040998140099-3078531023659-d01dc7bcd1d0ef72be01125a0c8aa3ec']],
  },
  {
    source: 'terminal: gh',
    text: `export GH_TOKEN=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
gh api repos/acme/shop/actions/runs?status=failure --jq '.workflow_runs[0].id'
9184421337`,
    expected: [
      [
        'token',
        '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',
      ],
    ],
  },
  {
    source: 'CI runner log',
    text: `[2024-03-12 02:31:07] git-credential-helper: using ghs_5nR14WD5HzQgFlaRmnXRqnVqkq7ihT8juuX6 for github.com (expires 03:31)
[2024-03-12 02:31:08] oauth: refreshed gho_kdWqX0UWuWRRD0MrGEgmow0H7AOoDwTalIew`,
    expected: [
      ['token', 'ghs_5nR14WD5HzQgFlaRmnXRqnVqkq7ihT8juuX6'],
      ['token', 'gho_kdWqX0UWuWRRD0MrGEgmow0H7AOoDwTalIew'],
    ],
  },
  {
    source: 'terminal: curl -v',
    text: `< Set-Cookie: __Host-session=RT3qIUCj7CbqOXci3WtjD0UP1tnOV7QMpBI18FDEHZjUmLig; Path=/; Secure; HttpOnly; SameSite=Lax`,
    expected: [['token', 'RT3qIUCj7CbqOXci3WtjD0UP1tnOV7QMpBI18FDEHZjUmLig']],
  },
  {
    source: 'Slack thread',
    text: `gina  9:14 AM
prod webhook secret is 2JPNFbJFjHhUDiK9zaoLn7uwAPGNG27IUde_RP9R0EstY62ki-baQg — can someone add it to vault? it's only in my notes`,
    expected: [['token', '2JPNFbJFjHhUDiK9zaoLn7uwAPGNG27IUde_RP9R0EstY62ki-baQg']],
  },
  {
    source: 'terminal: curl',
    text: `curl -v https://metrics.internal.example.com/federate -H 'Authorization: Basic c3ZjLWRlcGxveTpXcTghelAyI3JU'
< HTTP/2 403`,
    expected: [['token', 'c3ZjLWRlcGxveTpXcTghelAyI3JU']],
  },
  {
    source: 'pasted key file',
    text: `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACDx8ZrYpJ4mK0wV2bT7nQ9sL3fH6cE1aR5uG8yX0zM4vAAAAJgFq3XwBat1
-----END OPENSSH PRIVATE KEY-----`,
    expected: [
      [
        'token',
        `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACDx8ZrYpJ4mK0wV2bT7nQ9sL3fH6cE1aR5uG8yX0zM4vAAAAJgFq3XwBat1
-----END OPENSSH PRIVATE KEY-----`,
      ],
    ],
  },
  {
    source: 'terminal: openssl',
    text: `$ openssl s_client -connect api.example.com:443 -showcerts </dev/null 2>/dev/null | openssl x509 -noout -dates -serial
notBefore=Dec 12 00:00:00 2023 GMT
notAfter=Mar 12 23:59:59 2024 GMT
serial=0A1B2C3D4E5F60718293A4B5C6D7E8F9`,
    expected: [],
  },
  {
    source: 'Slack thread',
    text: `ssl_certificate_key missing; found only the chain:
-----BEGIN CERTIFICATE-----
MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJ
RTESMBAGA1UEChMJQmFsdGltb3JlMRMwEQYDVQQLEwpDeWJlclRydXN0MSIwIAYD
-----END CERTIFICATE-----`,
    expected: [],
  },
  {
    source: '.env file',
    text: `SENTRY_DSN=https://5ac06dfecd70a316ff20ad810ea46c0b@o450123.ingest.sentry.io/5512345
Sentry event 60eb6ad2079dcd474036de02f2feb3d6 captured: TypeError: Cannot read properties of undefined (reading 'total')`,
    expected: [],
  },
  {
    source: 'Slack announcement',
    text: `@here heads-up: @alice is IC, @bob comms. Status page: https://status.example.com. Questions → #inc-4821. Customer contact: support@acme-shop.com`,
    expected: [['email', 'support@acme-shop.com']],
  },
  {
    source: 'npm output',
    text: `npm ERR! peer dep missing: react@^18.2.0, required by @acme/ui-kit@3.4.1
npm ERR! A complete log of this run can be found in: /home/runner/.npm/_logs/2024-03-12T02_10_33_118Z-debug-0.log`,
    expected: [],
  },
  {
    source: 'terminal: git push',
    text: `git@github.com: Permission denied (publickey).
fatal: Could not read from remote repository. Remote: git@github.com:acme/shop.git`,
    expected: [],
  },
  {
    source: 'Slack (forwarded e-mail)',
    text: `<mailto:h.schmidt@example.de|h.schmidt@example.de> wrote: "I can't log in since this morning, error code AUTH-401-77"`,
    expected: [['email', 'h.schmidt@example.de']],
  },
  {
    source: 'SLA report',
    text: `SLA breach report 2024-03-12: P1 tickets 14 (target 4h), median 3h 12m, p90 7h 45m; MTTR 01:42:10; incidents since 2023-09-01: 37`,
    expected: [],
  },
  {
    source: 'on-call rota',
    text: `EU on-call rota: Lukas +49 30 901820 (Berlin), Chloé +33 1 23 45 67 89, Marta +34 912 345 678. Escalate to duty manager +44 7700 900461.`,
    expected: [
      ['phone', '+49 30 901820'],
      ['phone', '+33 1 23 45 67 89'],
      ['phone', '+34 912 345 678'],
      ['phone', '+44 7700 900461'],
    ],
  },
  {
    source: 'SMS provider webhook',
    text: `{"event":"sms.failed","to":"+14155550123","from":"+14155550100","error_code":30007,"error_message":"Carrier violation","sid":"SMa3a09f7d431e4b4282798d4f30fe3552"}`,
    expected: [
      ['phone', '+14155550123'],
      ['phone', '+14155550100'],
    ],
  },
  {
    source: 'stream processor log',
    text: `Processed 1 048 576 events in 12 345 ms; partition offsets 0 1284412 1284413; heap 512 000 KB`,
    expected: [],
  },
  {
    source: 'Datadog log',
    text: `2024-03-12T02:10:36.902Z ERROR [checkout,dd.trace_id=4532015112830366421 dd.span_id=5107382946125934176] Failed to reserve stock for sku=SKU-88213 qty=2`,
    expected: [],
  },
  {
    source: 'Discord bot log',
    text: `Discord alert bot: message 1217382946125934176 in channel 1098423376651358210 failed with 50013 Missing Permissions`,
    expected: [],
  },
  {
    source: 'Adyen notification',
    text: `Adyen notification: AUTHORISATION false, reason "Refused", cardSummary 0004, paymentMethod mc, additionalData.cardBin 222300, pspReference 8816312345678901, merchantReference ORD-558812`,
    expected: [],
  },
  {
    source: 'Grafana annotation',
    text: `Annotation by grafana-admin@acme-shop.com at 02:47: failover of db-primary (10.0.5.20) to db-replica-2 (10.0.5.21) — replication lag was 42s`,
    expected: [
      ['email', 'grafana-admin@acme-shop.com'],
      ['ip', '10.0.5.20'],
      ['ip', '10.0.5.21'],
    ],
  },
  {
    source: 'CloudWatch alarm e-mail',
    text: `ALARM: "checkout-5xx-rate" in EU (Ireland)
Threshold Crossed: 1 out of the last 1 datapoints [34.2 (12/03/24 02:10:00)] was greater than the threshold (5.0) (minimum 1 datapoint for OK -> ALARM transition).
AWS Account: 123456789012
Alarm Arn: arn:aws:cloudwatch:eu-west-1:123456789012:alarm:checkout-5xx-rate`,
    expected: [],
  },
  {
    source: 'CSS fix',
    text: `.status-badge--degraded { color: #b45309; background: #fef3c7; } /* incident banner 2024-03-12, see PR #4830 */`,
    expected: [],
  },
  {
    source: 'Prometheus scrape',
    text: `http_server_requests_seconds_bucket{le="0.5",method="POST",uri="/api/v1/checkout",status="502"} 1.284412e+06
jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 4.9283072E8`,
    expected: [],
  },
  {
    source: 'Python traceback',
    text: `Traceback (most recent call last):
  File "/app/worker/tasks.py", line 88, in charge
    resp = stripe.Charge.create(api_key="rk_live_WnM3S6C70PBGjZLZqH9vA6KY", amount=amount, currency="gbp")
  File "/usr/local/lib/python3.12/site-packages/stripe/api_resources/abstract/createable_api_resource.py", line 22, in create
stripe.error.CardError: Request req_8XnLRXSKBwScSEUNYBvO4: Your card was declined.`,
    expected: [['token', 'rk_live_WnM3S6C70PBGjZLZqH9vA6KY']],
  },
  {
    source: 'HTML source',
    text: `<script>Stripe('pk_live_wPPL0xNSumSBkgKzvCUPqiA7', { locale: 'en-GB' });</script>`,
    expected: [['token', 'pk_live_wPPL0xNSumSBkgKzvCUPqiA7']],
  },
  {
    source: 'Slack thread',
    text: `staging is using sk_test_OvNSvD7lH7y4oEAGhvJjBpqF in prod by mistake — all charges since 01:55 went to test mode`,
    expected: [['token', 'sk_test_OvNSvD7lH7y4oEAGhvJjBpqF']],
  },
  {
    source: 'aws cli error',
    text: `An error occurred (InvalidClientTokenId) when calling the GetCallerIdentity operation: The security token included in the request is invalid. Key: AKIA45ARNW7JFUPTHRLD`,
    expected: [['aws-key', 'AKIA45ARNW7JFUPTHRLD']],
  },
  {
    source: 'presigned S3 URL',
    text: `https://acme-exports.s3.eu-west-1.amazonaws.com/reports/2024-03-12/orders.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAZHPJBUMN5P63OFQX%2F20240312%2Feu-west-1%2Fs3%2Faws4_request&X-Amz-Date=20240312T021033Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=aa59847203dce971926f4a91437e471495afe6e9aa59847203dce971926f4a91`,
    expected: [
      ['aws-key', 'AKIAZHPJBUMN5P63OFQX'],
      ['token', 'aa59847203dce971926f4a91437e471495afe6e9aa59847203dce971926f4a91'],
    ],
  },
  {
    source: 'deploy script',
    text: `curl -X POST -H 'Content-type: application/json' --data '{"text":"Deploy failed"}' https://hooks.slack.com/services/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`,
    expected: [['token', 'XnLRXSKBwScSEUNYBvO4mFHg']],
  },
  {
    source: 'API access log',
    text: `GET /api/v1/orders?cursor=eyJpZCI6NTU4ODEyLCJ0cyI6MTcxMDIwOTQzM30&limit=50 200 41ms`,
    expected: [],
  },
  {
    source: 'browser console',
    text: `GET /_next/static/Xk2aP9qLm3ZrT8vW1yB4c/_buildManifest.js 404 after deploy 1.42.0 — old tabs still reference the previous build`,
    expected: [],
  },
  {
    source: 'Slack thread',
    text: `[02:22] carla: found it — the new config has REDIS_PASSWORD=hX9!qz2Lr0 and it's hitting 10.0.6.12 instead of the sentinel at 10.0.6.10:26379
[02:23] dave: that's the old master, decommissioned on 2024-02-28`,
    expected: [
      ['token', 'hX9!qz2Lr0'],
      ['ip', '10.0.6.12'],
      ['ip', '10.0.6.10'],
    ],
  },
  {
    source: 'postmortem draft',
    text: `The token: it expired at 02:10 because the refresh job was disabled. Password resets were also failing (see ticket 77120). Secret rotation is scheduled for Friday.`,
    expected: [],
  },
  {
    source: 'auth service log (JSON)',
    text: `{"user":"u_4821","password":null,"token":"","apiKey":"***","mfa":true,"lastLoginIp":"198.51.100.23"}`,
    expected: [['ip', '198.51.100.23']],
  },
  {
    source: 'nginx access log',
    text: `198.51.100.77 - - [12/Mar/2024:02:13:09 +0000] "GET /api/v1/users/lookup?email=kenji.sato%40example.jp HTTP/1.1" 200 512 "-" "okhttp/4.12.0"`,
    expected: [
      ['ip', '198.51.100.77'],
      ['email', 'kenji.sato%40example.jp'],
    ],
  },
  {
    source: 'Slack thread',
    text: `harry  4:05 PM
Called the carrier NOC at 020 7946 0011, ref 88213-B. They see packet loss 12% on the 10G link since 15:40; ETA 2h.`,
    expected: [['phone', '020 7946 0011']],
  },
  {
    source: 'redis MONITOR',
    text: `1710209433.118201 [0 10.0.4.17:52112] "SET" "session:u_4821" "{\\"email\\":\\"ivy.chen@example.com\\",\\"cart\\":[88213,88214]}" "EX" "3600"`,
    expected: [
      ['ip', '10.0.4.17'],
      ['email', 'ivy.chen@example.com'],
    ],
  },
  {
    source: 'PostgreSQL log',
    text: `2024-03-12 02:10:41.331 UTC [28812] checkout@checkout FATAL:  password authentication failed for user "checkout"
2024-03-12 02:10:41.331 UTC [28812] checkout@checkout DETAIL:  Connection matched pg_hba.conf line 99: "host all all 0.0.0.0/0 scram-sha-256"`,
    expected: [],
  },
  {
    source: 'Node.js error',
    text: `Error: connect ECONNREFUSED 127.0.0.1:6379
    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1605:16) {
  errno: -111, code: 'ECONNREFUSED', syscall: 'connect', address: '127.0.0.1', port: 6379
}`,
    expected: [],
  },
  {
    source: 'Node.js error',
    text: `Error: listen EADDRINUSE: address already in use :::3000
    at Server.setupListenHandle [as _listen2] (node:net:1872:16)`,
    expected: [],
  },
  {
    source: 'fraud service log',
    text: `2024-03-12 02:15:19 WARN fraud-check: velocity rule hit for card 4242-4242-4242-4242 (bin 424242, 5 attempts in 00:02:10) from 203.0.113.9`,
    expected: [
      ['card', '4242-4242-4242-4242'],
      ['ip', '203.0.113.9'],
    ],
  },
  {
    source: 'terraform plan',
    text: `  # aws_db_instance.orders will be updated in-place
  ~ resource "aws_db_instance" "orders" {
      ~ password = (sensitive value)
        id       = "orders-prod"
      ~ engine_version = "15.4" -> "15.6"
    }`,
    expected: [],
  },
  {
    source: 'docker inspect',
    text: `$ docker inspect checkout --format '{{json .Config.Env}}'
["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","NODE_ENV=production","JWT_SECRET=RmRSM3ZfcDNsR21reGc0ajdDcVZz","PWD=/app","HOSTNAME=checkout-7efb33ad4-prns2"]`,
    expected: [['token', 'RmRSM3ZfcDNsR21reGc0ajdDcVZz']],
  },
  {
    source: 'OAuth callback URL',
    text: `id_token=eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUgRG9lIiwicm9sZSI6ImFkbWluIn0.xNl52fc7ewbBnm3jvM8n_aP7iKkGEBg6zEy22qJJkX9iLN_hqDhfFoosBEwdcziRRNNLG0RQiHN7t969WKSwxA&state=af0ifjsldkj`,
    expected: [
      [
        'jwt',
        'eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUgRG9lIiwicm9sZSI6ImFkbWluIn0.xNl52fc7ewbBnm3jvM8n_aP7iKkGEBg6zEy22qJJkX9iLN_hqDhfFoosBEwdcziRRNNLG0RQiHN7t969WKSwxA',
      ],
    ],
  },
  {
    source: 'Slack thread',
    text: `ivy  10:02 AM
decoded the failing one: eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJhdWQiOiJjaGVja291dCIsImV4cCI6MTcxMDIxMzAzM30.0klTaDrwQf6nkxKaKMhn6PrY6k6hSXa69oG6XMuJ9Yi5kttAehaILbXDWc6GINXqOrsFRPHhuDwC1ODn5E4ZCQ → aud is "checkout", exp 1710213033 which is 03:10 UTC`,
    expected: [
      [
        'jwt',
        'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGguZXhhbXBsZS5jb20iLCJhdWQiOiJjaGVja291dCIsImV4cCI6MTcxMDIxMzAzM30.0klTaDrwQf6nkxKaKMhn6PrY6k6hSXa69oG6XMuJ9Yi5kttAehaILbXDWc6GINXqOrsFRPHhuDwC1ODn5E4ZCQ',
      ],
    ],
  },
  {
    source: '.env file',
    text: `OPENAI_API_KEY=sk-eq8NgV0oEevURL1OvOVqvzGLlRxCoFhrbRkbZl5US1BIFWG4`,
    expected: [['token', 'sk-eq8NgV0oEevURL1OvOVqvzGLlRxCoFhrbRkbZl5US1BIFWG4']],
  },
  {
    source: 'Rust panic',
    text: `thread 'tokio-runtime-worker' panicked at src/db/pool.rs:88:14:
called \`Result::unwrap()\` on an \`Err\` value: Io(Custom { kind: Other, error: "pool timed out while waiting for an open connection" })
note: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace`,
    expected: [],
  },
  {
    source: 'ip -6 addr',
    text: `inet6 2001:0db8:85a3:0000:0000:8a2e:0370:7334/64 scope global; inet6 fe80::a00:27ff:fe4e:66a1/64 scope link`,
    expected: [
      ['ip', '2001:0db8:85a3:0000:0000:8a2e:0370:7334'],
      ['ip', 'fe80::a00:27ff:fe4e:66a1'],
    ],
  },
  {
    source: 'Dockerfile',
    text: `FROM node:20.11.1-alpine@sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
RUN npm ci --omit=dev && npm cache clean --force`,
    expected: [],
  },
  {
    source: 'Postfix bounce',
    text: `Bounce: 550 5.1.1 <tom+alerts@acme-shop.com>: Recipient address rejected: User unknown in virtual mailbox table (in reply to RCPT TO command) relay=mx1.acme-shop.com[192.0.2.25]:25`,
    expected: [
      ['email', 'tom+alerts@acme-shop.com'],
      ['ip', '192.0.2.25'],
    ],
  },
  {
    source: 'vendor e-mail',
    text: `Vendor NOC: 212.555.0147 (24/7). Circuit ID 44/KFFN/123456/LVLC.`,
    expected: [['phone', '212.555.0147']],
  },
  {
    source: 'git log --oneline',
    text: `a1b2c3d Fix retry storm in PaymentClient (#4829)
e4f5a6b Bump checkout to 1.42.0
91b0929 Revert "Enable connection pooling v2" (#4801)`,
    expected: [],
  },
  {
    source: 'Rails log',
    text: `Started POST "/users/sign_in" for 198.51.100.61 at 2024-03-12 02:17:44 +0000
Processing by Devise::SessionsController#create as HTML
  Parameters: {"authenticity_token"=>"[FILTERED]", "user"=>{"email"=>"liam.walsh@example.ie", "password"=>"[FILTERED]"}, "commit"=>"Log in"}
Completed 401 Unauthorized in 213ms (ActiveRecord: 4.1ms | Allocations: 10324)`,
    expected: [
      ['ip', '198.51.100.61'],
      ['email', 'liam.walsh@example.ie'],
    ],
  },
  {
    source: 'Kibana query',
    text: `GET logs-checkout-*/_search
{"query":{"bool":{"filter":[{"term":{"client.ip":"203.0.113.42"}},{"range":{"@timestamp":{"gte":"2024-03-12T02:00:00Z"}}}]}}}`,
    expected: [['ip', '203.0.113.42']],
  },
  {
    source: 'job runner log',
    text: `job 01HRSZ8K3XQ4M7T9VBN2C6DEFG failed after 3 attempts; parent 01HRSZ7Y1PQW2E3R4T5Y6V7J8K; idempotency-key 8f14e45f-ceea-467a-9a36-dedd4bea2543`,
    expected: [],
  },
  {
    source: 'docker config.json',
    text: `{"auths":{"registry.example.com":{"auth":"ZGVwbG95OlEzbVpwOXhMMnJUN3ZLcw=="}}}`,
    expected: [['token', 'ZGVwbG95OlEzbVpwOXhMMnJUN3ZLcw==']],
  },
];

/**
 * Samples written after the detectors were finished, in styles the first set does not use, run once
 * and not tuned to: their score is the better guess at how the detectors do on evidence nobody has
 * seen.
 */
export const HELD_OUT_SAMPLES: Sample[] = [
  {
    source: 'Heroku router log',
    text: `2024-03-12T02:10:33.118+00:00 heroku[router]: at=error code=H12 desc="Request timeout" method=POST path="/checkout" host=shop.example.com request_id=e99c9093-8473-4ecb-a44a-a52089842d4a fwd="198.51.100.14,10.1.2.3" dyno=web.3 connect=1ms service=30001ms status=503 bytes=0 protocol=https`,
    expected: [
      ['ip', '198.51.100.14'],
      ['ip', '10.1.2.3'],
    ],
  },
  {
    source: 'Sentry issue',
    text: `TypeError: Cannot read properties of undefined (reading 'amount')
  at applyDiscount (webpack-internal:///./src/cart/discount.ts:41:23)
  at async POST (/var/task/.next/server/app/api/checkout/route.js:1:8841)
User: id=u_4821 email=p.kowalski@example.pl ip_address=83.12.44.201
Release: shop@1.42.0+b555ed1 | Environment: production | Event ID: 38eb32c495b136954a4a89ed1f0bc6f6`,
    expected: [
      ['email', 'p.kowalski@example.pl'],
      ['ip', '83.12.44.201'],
    ],
  },
  {
    source: 'Jira ticket',
    text: `SUP-3312: Refund not received
Reporter: Piotr Kowalski (p.kowalski@example.pl), phone +48 22 123 45 67
Order 558901 paid with card ending 4242 on 2024-03-11 at 23:58 CET. Amount 249.00 PLN.`,
    expected: [
      ['email', 'p.kowalski@example.pl'],
      ['phone', '+48 22 123 45 67'],
    ],
  },
  {
    source: 'Vault audit log and curl',
    text: `{"time":"2024-03-12T02:14:10Z","type":"request","auth":{"client_token":"hmac-sha256:3d1f8a0c6b2e4f5a9d7c1b3e5f7a9c2d4e6f8a0b1c3d5e7f9a2b4c6d8e0f1a3b","display_name":"approle"},"request":{"path":"secret/data/checkout/db","remote_address":"10.0.7.31"}}
$ curl -H "X-Vault-Token: hvs.zsaSw0fUGcoc0Dx2I2MMmKxn" https://vault.internal:8200/v1/secret/data/checkout/db`,
    expected: [
      ['ip', '10.0.7.31'],
      ['token', 'hvs.zsaSw0fUGcoc0Dx2I2MMmKxn'],
    ],
  },
  {
    source: 'HAProxy log',
    text: `Mar 12 02:10:41 lb1 haproxy[2231]: 203.0.113.77:51234 [12/Mar/2024:02:10:41.118] https-in~ checkout/app2 0/0/1/30001/30002 504 194 - - sH-- 812/790/33/11/0 0/0 "POST /api/v1/checkout HTTP/1.1"`,
    expected: [['ip', '203.0.113.77']],
  },
  {
    source: 'Kafka consumer error',
    text: `org.apache.kafka.clients.consumer.CommitFailedException: Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; consumer-checkout-3-41aff749-004a-47b2-b129-d298a92cf85a, partition orders-7 offset 88412395`,
    expected: [],
  },
  {
    source: 'MongoDB slow query log',
    text: `{"t":{"$date":"2024-03-12T02:11:09.441+00:00"},"s":"I","c":"COMMAND","id":51803,"ctx":"conn4812","msg":"Slow query","attr":{"ns":"shop.customers","command":{"find":"customers","filter":{"email":"d.mensah@example.com.gh"}},"durationMillis":1843,"remote":"10.0.8.14:50122"}}`,
    expected: [
      ['email', 'd.mensah@example.com.gh'],
      ['ip', '10.0.8.14'],
    ],
  },
  {
    source: 'systemd journal',
    text: `Mar 12 02:09:58 checkout-7 systemd[1]: checkout.service: Main process exited, code=killed, status=9/KILL
Mar 12 02:09:58 checkout-7 kernel: Out of memory: Killed process 28812 (node) total-vm:4194304kB, anon-rss:3932160kB, file-rss:0kB, shmem-rss:0kB, UID:1001 pgtables:8192kB oom_score_adj:0`,
    expected: [],
  },
  {
    source: 'Go panic',
    text: `panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x6b2f4a]

goroutine 1187 [running]:
github.com/acme/shop/payments.(*Client).Charge(0xc0001a2000, {0x8f1e20, 0xc000412ab0})
	/src/payments/client.go:142 +0x4a`,
    expected: [],
  },
  {
    source: 'Terraform error',
    text: `Error: error configuring Terraform AWS Provider: validating provider credentials: retrieving caller identity from STS: operation error STS: GetCallerIdentity, https response error StatusCode: 403, RequestID: 41aff749-004a-47b2-b129-d298a92cf85a, api error InvalidClientTokenId: The security token included in the request is invalid.
  with provider["registry.terraform.io/hashicorp/aws"], on providers.tf line 12: access_key = "AKIAF7XV3ZO2SAG4BNSN"`,
    expected: [['aws-key', 'AKIAF7XV3ZO2SAG4BNSN']],
  },
  {
    source: 'Jenkins console',
    text: `+ docker login -u ci-bot -p Mec4FHMNx3d1dnhVHH0xqOq+3ov6prmYTG1Wm3rmTjSl registry.example.com
WARNING! Using --password via the CLI is insecure. Use --password-stdin.
Login Succeeded`,
    expected: [['token', 'Mec4FHMNx3d1dnhVHH0xqOq+3ov6prmYTG1Wm3rmTjSl']],
  },
  {
    source: 'Android logcat',
    text: `03-12 02:10:44.512  4821  4890 E OkHttp  : <-- HTTP FAILED: java.net.SocketTimeoutException: failed to connect to api.example.com/203.0.113.10 (port 443) from /192.168.1.23 (port 51234) after 10000ms`,
    expected: [
      ['ip', '203.0.113.10'],
      ['ip', '192.168.1.23'],
    ],
  },
  {
    source: 'Apache access log',
    text: `2001:db8:4f2a:1::23 - - [12/Mar/2024:02:12:01 +0000] "GET /api/v1/cart HTTP/2.0" 200 1843 "-" "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1"`,
    expected: [['ip', '2001:db8:4f2a:1::23']],
  },
  {
    source: 'e-mail headers',
    text: `Received: from mail-wr1-f54.google.com (mail-wr1-f54.google.com [209.85.221.54])
	by mx1.acme-shop.com (Postfix) with ESMTPS id 4TvQ2X0mZ9z9sRk
	for <orders@acme-shop.com>; Tue, 12 Mar 2024 02:10:33 +0000 (UTC)
From: "Grace Hopper" <grace.h@example.net>
Message-ID: <CAF1x9aB3kLmNpQ7rT2vW8yZ0cE4gH6jK@mail.gmail.com>`,
    expected: [
      ['ip', '209.85.221.54'],
      ['email', 'orders@acme-shop.com'],
      ['email', 'grace.h@example.net'],
    ],
  },
  {
    source: 'CSV export',
    text: `customer_id,name,email,phone,country
90412,Ana Souza,ana.souza@example.com.br,+55 11 91234-5678,BR
90413,Ken Tanaka,ken.t@example.jp,+81 3-1234-5678,JP`,
    expected: [
      ['email', 'ana.souza@example.com.br'],
      ['phone', '+55 11 91234-5678'],
      ['email', 'ken.t@example.jp'],
      ['phone', '+81 3-1234-5678'],
    ],
  },
  {
    source: 'Okta system log',
    text: `{"actor":{"alternateId":"l.fernandez@acme-shop.com","displayName":"Lucia Fernandez"},"client":{"ipAddress":"81.2.69.142","userAgent":{"rawUserAgent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"}},"eventType":"user.session.start","outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"},"uuid":"e99c9093-8473-4ecb-a44a-a52089842d4a"}`,
    expected: [
      ['email', 'l.fernandez@acme-shop.com'],
      ['ip', '81.2.69.142'],
    ],
  },
  {
    source: 'Slack thread',
    text: `the token from the failing login: eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhdXRoMHw2NWVmYjhhMSIsImVtYWlsIjoicC5rb3dhbHNraUBleGFtcGxlLnBsIiwiZXhwIjoxNzEwMjEzMDMzfQ.cSgonBBl8NtZAKZ_T1AtgnfP1_AsZs2p55HXUG4XIJ9rwsmPQaAlGdhDPJvmmV1L (exp is 03:10 UTC)`,
    expected: [
      [
        'jwt',
        'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhdXRoMHw2NWVmYjhhMSIsImVtYWlsIjoicC5rb3dhbHNraUBleGFtcGxlLnBsIiwiZXhwIjoxNzEwMjEzMDMzfQ.cSgonBBl8NtZAKZ_T1AtgnfP1_AsZs2p55HXUG4XIJ9rwsmPQaAlGdhDPJvmmV1L',
      ],
    ],
  },
  {
    source: 'Python debug log',
    text: `DEBUG:urllib3.connectionpool:https://api.stripe.com:443 "POST /v1/payment_intents HTTP/1.1" 402 None
DEBUG:stripe:Request headers: {'Authorization': 'Bearer sk_live_WeDRNgkPMF2qp4DHlonZxHTx', 'Idempotency-Key': 'b555ed1be55ed699'}`,
    expected: [['token', 'sk_live_WeDRNgkPMF2qp4DHlonZxHTx']],
  },
  {
    source: 'bot config (YAML)',
    text: `slack:
  bot_token: xoxb-617692378452-9921611277483-KWPEz2cAf1Epn44T7Eo8kAOR
  channel: "#inc-checkout"
  mention: "@oncall-checkout"`,
    expected: [['token', 'xoxb-617692378452-9921611277483-KWPEz2cAf1Epn44T7Eo8kAOR']],
  },
  {
    source: 'GitHub Actions log',
    text: `remote: Invalid username or password.
fatal: Authentication failed for 'https://x-access-token:ghp_xC53QK83qFhl0mzuA5ShGOmZceVbDeLapHAM@github.com/acme/shop.git/'`,
    expected: [['token', 'ghp_xC53QK83qFhl0mzuA5ShGOmZceVbDeLapHAM']],
  },
  {
    source: 'Datadog monitor',
    text: `[Triggered] Checkout p99 latency > 2s on env:prod,service:checkout-api
Value: 2.84 s at 2024-03-12 02:10:00 UTC. Threshold 2.0 s for the last 5m. Notified @pagerduty-Checkout @slack-inc-checkout
https://app.datadoghq.eu/monitors/148213?from_ts=1710208800000&to_ts=1710212400000`,
    expected: [],
  },
  {
    source: 'AWS ALB access log',
    text: `h2 2024-03-12T02:10:33.118201Z app/shop-prod/50dc6c495c0c9188 81.2.69.160:50412 10.0.4.17:8080 0.001 30.002 -1 504 - 812 194 "POST https://shop.example.com:443/api/v1/checkout HTTP/2.0" "okhttp/4.12.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/checkout/73e2d6bc24d8a067 "Root=1-65efb8a1-5ad2c2254dbc6b4dfae089ee"`,
    expected: [
      ['ip', '81.2.69.160'],
      ['ip', '10.0.4.17'],
    ],
  },
  {
    source: 'Zendesk ticket',
    text: `Hi, I'm Maria (maria.g@example.com). My card 4000 0566 5566 5556 was charged $89.99 twice on 3/11. Please call me at 646-555-0143 or (646) 555-0199 after 6pm EST.`,
    expected: [
      ['email', 'maria.g@example.com'],
      ['card', '4000 0566 5566 5556'],
      ['phone', '646-555-0143'],
      ['phone', '(646) 555-0199'],
    ],
  },
  {
    source: 'Rails error',
    text: `ActiveRecord::ConnectionNotEstablished: connection to server at "10.0.5.20", port 5432 failed: FATAL:  password authentication failed for user "shop"
DATABASE_URL was postgresql://shop:tfMBapyldivZZw5barTCik5t8K9W805VSYekfHYBL3g@10.0.5.20:5432/shop_production`,
    expected: [
      ['ip', '10.0.5.20'],
      ['token', 'tfMBapyldivZZw5barTCik5t8K9W805VSYekfHYBL3g'],
    ],
  },
  {
    source: 'kubectl get events',
    text: `LAST SEEN   TYPE      REASON             OBJECT                                 MESSAGE
2m14s       Warning   BackOff            pod/checkout-7f9db93e3-f6zj9           Back-off restarting failed container checkout in pod checkout-7f9db93e3-f6zj9_shop(41aff749-004a-47b2-b129-d298a92cf85a)
41m         Normal    ScalingReplicaSet  deployment/checkout                    Scaled up replica set checkout-7f9db93e3 to 6 from 3`,
    expected: [],
  },
  {
    source: 'Grafana alert payload',
    text: `{"dashboardUID":"fe3kd9a1bx2yc","panelId":12,"orgId":1,"values":{"B":0.342,"C":1},"valueString":"[ var='B' labels={instance=10.0.4.17:9100, job=node} value=0.342 ]","generatorURL":"https://grafana.example.com/alerting/grafana/ae2kd81xz/view?orgId=1"}`,
    expected: [['ip', '10.0.4.17']],
  },
  {
    source: 'browser request headers',
    text: `Cookie: _ga=GA1.2.1234567890.1710209433; _shop_session=SDsvMqCtETEgpM3fAxG0oRkFjdJXd-jE; cart_id=558901`,
    expected: [['token', 'SDsvMqCtETEgpM3fAxG0oRkFjdJXd-jE']],
  },
  {
    source: 'iOS crash report',
    text: `Exception Type:  EXC_CRASH (SIGABRT)
Triggered by Thread:  0
Thread 0 Crashed:
0   libsystem_kernel.dylib        	0x00000001e5d5a42c __pthread_kill + 8
1   Shop                          	0x0000000104a1b2c8 CheckoutViewController.submit() + 1184 (CheckoutViewController.swift:212)
Binary Images: 0x104a00000 - 0x104d3ffff Shop arm64  <41aff749004a47b2b129d298a92cf85a> /var/containers/Bundle/Application/E99C9093-8473-4ECB-A44A-A52089842D4A/Shop.app/Shop`,
    expected: [],
  },
  {
    source: 'Python traceback',
    text: `twilio.base.exceptions.TwilioRestException: HTTP 401 error: Unable to create record: Authenticate
  client = Client("AC38eb32c495b136954a4a89ed1f0bc6f6", "b555ed1be55ed69938eb32c495b13695")`,
    expected: [['token', 'b555ed1be55ed69938eb32c495b13695']],
  },
  {
    source: 'Slack thread',
    text: `can someone rotate these? AKIAF7XV3ZO2SAG4BNSN / a71Ml9nXmJOFj3WcN2RDfiG37FLevlYoI4N5J8fJ — found them in the old jenkins job`,
    expected: [
      ['aws-key', 'AKIAF7XV3ZO2SAG4BNSN'],
      ['aws-key', 'a71Ml9nXmJOFj3WcN2RDfiG37FLevlYoI4N5J8fJ'],
    ],
  },
  {
    source: 'CI summary',
    text: `Build #4821 finished in 00:12:31 (queued 2m 14s). Artifacts: 3 files, 18 432 KB. Commit range 91b0929..a1b2c3d. Next scheduled run 2024-03-13 02:00.`,
    expected: [],
  },
  {
    source: 'nginx error log',
    text: `2024/03/12 02:10:41 [error] 28812#28812: *4821 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 198.51.100.77, server: shop.example.com, request: "POST /api/v1/checkout HTTP/1.1", upstream: "http://10.0.4.17:8080/api/v1/checkout", host: "shop.example.com"`,
    expected: [
      ['ip', '198.51.100.77'],
      ['ip', '10.0.4.17'],
    ],
  },
];
