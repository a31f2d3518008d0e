-- wrk script of the throughput scenario: every request carries the cookie
-- of one of the pre-created sessions, chosen at random (uniformly, with
-- replacement), and the same User-Agent as the client that created them
-- (Tessera binds a session to its User-Agent by default). After "--": the
-- file of session IDs, one a line, and the User-Agent.
local ids = {}
local user_agent = "tessera-bench"

function init(args)
	local path = args[1]
	assert(path, "usage: wrk ... -s sessions.lua URL -- IDS_FILE [USER_AGENT]")
	user_agent = args[2] or user_agent
	local f = assert(io.open(path, "r"))
	for line in f:lines() do
		if #line > 0 then
			ids[#ids + 1] = line
		end
	end
	f:close()
	assert(#ids > 0, "no session id in " .. path)
	-- Each wrk thread has its own Lua state: seed each one differently.
	local addr = tonumber(tostring(ids):match("0x(%x+)") or "0", 16) or 0
	math.randomseed(os.time() + addr % 1000003)
end

function request()
	local id = ids[math.random(#ids)]
	return wrk.format("GET", nil, { ["Cookie"] = "PHPSESSID=" .. id, ["User-Agent"] = user_agent })
end
