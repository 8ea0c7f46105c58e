// Drives Ringway with the official sms77-client (form bodies, no Accept header, booleans as 1/0).
// Usage: BASE_URL=http://127.0.0.1:PORT/api API_KEY=... [ARGS='{json}'] node sms77.cjs <scenario>
// Prints ONE JSON line: {"ok":true,"type":typeof result,"value":result} or {"ok":false,"error":"<message>"}.
const Sms77Client = require('sms77-client')
const {output} = require('./output.cjs')

const scenario = process.argv[2]
const args = JSON.parse(process.env.ARGS || '{}')
// Sms77Client.BASE_URL has no effect: request() reads the static field of the (unexported) BaseClient.
Object.getPrototypeOf(Sms77Client).BASE_URL = process.env.BASE_URL
const client = new Sms77Client(process.env.API_KEY, 'ringway-test')

const scenarios = {
    sms: () => client.sms(args),
    delete: () => client.deleteSMS({ids: args.ids}),
    balance: () => client.balance(),
    status: () => client.status(args),
    pricing: () => client.pricing(args),
    hooks: () => client.hooks(args),
}

output(scenarios, scenario)
