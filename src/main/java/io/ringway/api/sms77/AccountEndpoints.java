package io.ringway.api.sms77;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringway.account.Account;
import io.ringway.account.Accounts;
import io.ringway.account.Money;
import io.ringway.http.Exchange;
import io.ringway.message.PriceTable;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /api/balance} and {@code /api/pricing}. */
final class AccountEndpoints {
    private final Accounts accounts;
    private final PriceTable prices;

    AccountEndpoints(Accounts accounts, PriceTable prices) {
        this.accounts = accounts;
        this.prices = prices;
    }

    void balance(Exchange ex, Params p, Account account) {
        BigDecimal amount = accounts.balance(account.id());
        if (Replies.wantsJson(ex, p)) {
            ObjectNode o = Replies.object();
            o.put("amount", amount);
            o.put("currency", account.currency());
            Replies.json(ex, o);
        } else {
            Replies.text(ex, Money.format(amount));
        }
    }

    /** The price table, JSON by default (as the vendor's API), CSV with {@code format=csv}. */
    void pricing(Exchange ex, Params p, Account account) {
        String country = p.get("country");
        String format = p.get("format");
        if (format != null && !format.equalsIgnoreCase("json") && !format.equalsIgnoreCase("csv")) {
            ex.text(400, "400\nformat must be json or csv\n");
            return;
        }
        Map<String, List<PriceTable.Entry>> byCountry = new LinkedHashMap<>();
        for (PriceTable.Entry e : prices.entries().stream().sorted(java.util.Comparator.comparing(PriceTable.Entry::country)).toList()) {
            if (country != null && !e.country().equalsIgnoreCase(country.strip())) continue;
            byCountry.computeIfAbsent(e.country(), k -> new java.util.ArrayList<>()).add(e);
        }
        if ("csv".equalsIgnoreCase(format)) {
            StringBuilder sb = new StringBuilder("countryCode,countryName,countryPrefix,mcc,mncs,networkName,price,features,comment\n");
            byCountry.forEach((code, entries) -> {
                for (PriceTable.Entry e : entries) {
                    sb.append(csv(code)).append(';').append(csv(e.countryName())).append(';').append(csv(countryPrefix(entries)))
                            .append(';').append(csv(e.mcc())).append(';').append(csv(String.join(",", e.mncs())))
                            .append(';').append(csv(networkName(e))).append(';').append(csv(e.price().toPlainString()))
                            .append(';').append(csv("")).append(';').append(csv(comment(e))).append('\n');
                }
            });
            ex.respond(200, "text/csv; charset=utf-8", sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        ObjectNode root = Replies.object();
        root.put("countCountries", byCountry.size());
        root.put("countNetworks", byCountry.values().stream().mapToInt(List::size).sum());
        ArrayNode countries = root.putArray("countries");
        byCountry.forEach((code, entries) -> {
            ObjectNode c = countries.addObject();
            c.put("countryCode", code);
            c.put("countryName", entries.get(0).countryName());
            c.put("countryPrefix", countryPrefix(entries));
            ArrayNode networks = c.putArray("networks");
            for (PriceTable.Entry e : entries) {
                ObjectNode n = networks.addObject();
                n.put("mcc", e.mcc());
                ArrayNode mncs = n.putArray("mncs");
                e.mncs().forEach(mncs::add);
                n.put("networkName", networkName(e));
                n.put("price", e.price());
                n.putArray("features");
                n.put("comment", comment(e));
            }
        });
        Replies.json(ex, root);
    }

    private static String countryPrefix(List<PriceTable.Entry> entries) {
        return Integer.toString(com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getCountryCodeForRegion(entries.get(0).country()));
    }

    private static String networkName(PriceTable.Entry e) {
        if (e.network() != null && !e.network().isBlank()) return e.network();
        return e.wholeCountry() ? "All networks" : "Prefix +" + e.prefix();
    }

    private static String comment(PriceTable.Entry e) { return e.wholeCountry() ? "" : "numbers starting with +" + e.prefix(); }

    private static String csv(String v) { return "\"" + (v == null ? "" : v.replace("\"", "\"\"")) + "\""; }

}
