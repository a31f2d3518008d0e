-- wrk script of the throughput scenario: every request carries the cookie
-- of one of the pre-created sessions, chosen at random (uniformly, with
-- replacement). The file of session IDs, one a line, is given after "--".
local ids = {}

function init(args)
	local path = args[1]
	assert(path, "usage: wrk ... -s sessions.lua URL -- IDS_FILE")
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
	return wrk.format("GET", nil, { ["Cookie"] = "PHPSESSID=" .. id })
end
