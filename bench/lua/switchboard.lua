-- wrk script for the Switchboard benchmarks (bench/bench.py runs it).
--   wrk -t1 -c64 -d10s --latency -s bench/lua/switchboard.lua URL -- MODE IDS_FILE API_KEY_BASE64 [PREFIX] [DIRECTION]
-- MODE: get | list | filter | create | authorize | unlink
-- IDS_FILE (written by bench/Seeder): get: one path per line; list/filter/create: one company id per line;
--   authorize: "companyId connectionId platformKey"; unlink: "companyId connectionId" (Linked connections, shuffled).
-- PREFIX ("-" for none) goes before GET paths (the baseline's fixed route is /fixed/...).
-- DIRECTION (unlink only): "forward" walks the pool from the start, "reverse" from the end (used by the warm-up),
--   so every measured unlink acts on a Linked connection until the two walks meet.
-- Every request is built once in init(); request() only picks one, so the load generator spends its CPU on I/O.
-- response() counts non-2xx answers; done() prints one BENCH_RESULT line of JSON that bench.py parses.

local mode, direction, requests_, count, cursor
non2xx = 0
wrapped = 0
failures = ""

local function read_lines(path)
  local items = {}
  for line in io.lines(path) do
    if #line > 0 then items[#items + 1] = line end
  end
  return items
end

local function fields(line)
  local out = {}
  for word in line:gmatch("%S+") do out[#out + 1] = word end
  return out
end

local filter_query = "status%3DLinked%26%26sourceType%3DAccounting" -- status=Linked&&sourceType=Accounting

function init(args)
  mode = args[1]
  local file = args[2]
  local auth = "Basic " .. args[3]
  local prefix = args[4] or "-"
  if prefix == "-" then prefix = "" end
  direction = args[5] or "forward"
  local plain = { ["Authorization"] = auth }
  local json = { ["Authorization"] = auth, ["Content-Type"] = "application/json" }
  requests_ = {}
  for i, line in ipairs(read_lines(file)) do
    local r
    if mode == "get" then
      r = wrk.format("GET", prefix .. line, plain)
    elseif mode == "list" then
      r = wrk.format("GET", "/companies/" .. line .. "/connections?page=1&pageSize=100", plain)
    elseif mode == "filter" then
      r = wrk.format("GET", "/companies/" .. line .. "/connections?page=1&pageSize=100&query=" .. filter_query, plain)
    elseif mode == "create" then
      r = wrk.format("POST", "/companies/" .. line .. "/connections", json, '{"platformKey":"mqjo"}')
    elseif mode == "authorize" then
      local f = fields(line)
      local body = '{}' -- sandbox (mqjo): no keys required
      if f[3] == "gbol" then body = '{"accessToken":"bench-access-token","refreshToken":"bench-refresh-token"}' end
      r = wrk.format("PUT", "/companies/" .. f[1] .. "/connections/" .. f[2] .. "/authorization", json, body)
    elseif mode == "unlink" then
      local f = fields(line)
      r = wrk.format("PATCH", "/companies/" .. f[1] .. "/connections/" .. f[2], json, '{"status":"Unlinked"}')
    else
      error("unknown mode " .. tostring(mode))
    end
    requests_[i] = r
  end
  count = #requests_
  if count == 0 then error("no ids in " .. file) end
  math.randomseed(os.time())
  cursor = 0
end

function request()
  if mode == "unlink" then
    cursor = cursor + 1
    if cursor > count then wrapped = wrapped + 1 end
    local i = (cursor - 1) % count + 1
    if direction == "reverse" then i = count - i + 1 end
    return requests_[i]
  end
  return requests_[math.random(count)]
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if #failures < 400 then
      failures = failures .. status .. " " .. string.sub(body or "", 1, 160):gsub("[^%w%s%.,:;/%-_()']", "?") .. " | "
    end
  end
end

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local bad, wrap, fail = 0, 0, ""
  for _, t in ipairs(threads) do
    bad = bad + (t:get("non2xx") or 0)
    wrap = wrap + (t:get("wrapped") or 0)
    fail = fail .. (t:get("failures") or "")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"non2xx":%d,"wrapped":%d,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d,"mean":%.1f,"failures":"%s"}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    bad, wrap, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, latency.mean, fail))
end
