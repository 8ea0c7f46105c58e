// Drives Ringway with the official @seven.io/client (JSON bodies, Accept: application/json, optional signing).
// Usage: BASE_URL=http://127.0.0.1:PORT/api API_KEY=... [SIGNING_SECRET=...] [ARGS='{json}'] node seven.mjs <scenario>
// Prints ONE JSON line: {"ok":true,"type":typeof result,"value":result} or {"ok":false,"error":"<message>"}.
import {BalanceResource, Client, HooksResource, JournalResource, PricingResource, SmsResource, StatusResource, VoiceResource} from '@seven.io/client'
import {output} from './output.cjs'

const scenario = process.argv[2]
const args = JSON.parse(process.env.ARGS || '{}')
Client.BASE_URL = process.env.BASE_URL // no trailing slash: the client appends '/' + endpoint
const client = new Client({
    apiKey: process.env.API_KEY,
    signingSecret: process.env.SIGNING_SECRET || undefined,
    sentWith: 'ringway-test',
})

// The SmsParams of a dispatch: `to` is an array (the resource joins it); `delay_ms` becomes a JS Date, which the
// client sends as epoch milliseconds.
const smsParams = () => {
    const {delay_ms, ...p} = args
    if (delay_ms !== undefined) p.delay = new Date(delay_ms)
    return p
}

const scenarios = {
    sms: () => new SmsResource(client).dispatch(smsParams()),
    delete: () => new SmsResource(client).delete({ids: args.ids}),
    balance: () => new BalanceResource(client).get(),
    status: () => new StatusResource(client).get(args.ids),
    pricing: () => new PricingResource(client).get(args),
    hooksRead: () => new HooksResource(client).read(),
    hooksSubscribe: () => new HooksResource(client).subscribe(args),
    hooksUnsubscribe: () => new HooksResource(client).unsubscribe(args.id),
    voice: () => new VoiceResource(client).dispatch(args),
    journalVoice: () => new JournalResource(client).voice(args),
    // A call past the resources, for what SmsParams cannot express.
    request: () => client.request(args.method, args.endpoint, args.payload),
}

await output(scenarios, scenario)
