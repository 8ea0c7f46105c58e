// Runs one scenario and prints ONE JSON line with what the client returned or threw.
// The clients log on their own (StatusResource.get calls console.log), so console output goes to stderr.
for (const level of ['log', 'info', 'debug']) console[level] = (...a) => console.error(...a)

exports.output = async (scenarios, name) => {
    const run = scenarios[name]
    if (!run) {
        process.stdout.write(JSON.stringify({ok: false, error: `unknown scenario '${name}'`}) + '\n')
        process.exitCode = 2
        return
    }
    let line
    try {
        const value = await run()
        line = {ok: true, type: typeof value, value, text: typeof value === 'number' ? String(value) : undefined}
    } catch (e) {
        line = {ok: false, error: e instanceof Error ? e.message : String(e)}
    }
    process.stdout.write(JSON.stringify(line) + '\n')
}
