package io.ringway.carrier.smpp;

import java.util.Map;

/** SMPP command_status values as an operator reads them, and which of them are worth trying again. */
final class SmppStatus {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0x01, "ESME_RINVMSGLEN"), Map.entry(0x02, "ESME_RINVCMDLEN"), Map.entry(0x03, "ESME_RINVCMDID"),
            Map.entry(0x04, "ESME_RINVBNDSTS"), Map.entry(0x05, "ESME_RALYBND"), Map.entry(0x08, "ESME_RSYSERR"),
            Map.entry(0x0A, "ESME_RINVSRCADR"), Map.entry(0x0B, "ESME_RINVDSTADR"), Map.entry(0x0C, "ESME_RINVMSGID"),
            Map.entry(0x0D, "ESME_RBINDFAIL"), Map.entry(0x0E, "ESME_RINVPASWD"), Map.entry(0x0F, "ESME_RINVSYSID"),
            Map.entry(0x14, "ESME_RMSGQFUL"), Map.entry(0x15, "ESME_RINVSERTYP"), Map.entry(0x33, "ESME_RINVNUMDESTS"),
            Map.entry(0x40, "ESME_RINVDESTFLAG"), Map.entry(0x42, "ESME_RINVSUBREP"), Map.entry(0x43, "ESME_RINVESMCLASS"),
            Map.entry(0x44, "ESME_RCNTSUBDL"), Map.entry(0x45, "ESME_RSUBMITFAIL"), Map.entry(0x48, "ESME_RINVSRCTON"),
            Map.entry(0x49, "ESME_RINVSRCNPI"), Map.entry(0x50, "ESME_RINVDSTTON"), Map.entry(0x51, "ESME_RINVDSTNPI"),
            Map.entry(0x53, "ESME_RINVSYSTYP"), Map.entry(0x54, "ESME_RINVREPFLAG"), Map.entry(0x55, "ESME_RINVNUMMSGS"),
            Map.entry(0x58, "ESME_RTHROTTLED"), Map.entry(0x61, "ESME_RINVSCHED"), Map.entry(0x62, "ESME_RINVEXPIRY"),
            Map.entry(0x63, "ESME_RINVDFTMSGID"), Map.entry(0x64, "ESME_RX_T_APPN"), Map.entry(0x65, "ESME_RX_P_APPN"),
            Map.entry(0x66, "ESME_RX_R_APPN"), Map.entry(0x67, "ESME_RQUERYFAIL"), Map.entry(0xC0, "ESME_RINVOPTPARSTREAM"),
            Map.entry(0xC1, "ESME_ROPTPARNOTALLWD"), Map.entry(0xC2, "ESME_RINVPARLEN"), Map.entry(0xC3, "ESME_RMISSINGOPTPARAM"),
            Map.entry(0xC4, "ESME_RINVOPTPARAMVAL"), Map.entry(0xFE, "ESME_RDELIVERYFAILURE"), Map.entry(0xFF, "ESME_RUNKNOWNERR"));

    private SmppStatus() {}

    /** "SMPP 0x0000000B ESME_RINVDSTADR": the status kept with a failed message. */
    static String describe(int status) {
        String name = NAMES.get(status);
        return String.format("SMPP 0x%08X%s", status, name == null ? "" : " " + name);
    }

    /**
     * Worth another try later (possibly on another connector): the SMSC's own trouble, throttling, a full queue,
     * a temporary application error, bind state. Everything else is about the message and stays refused.
     */
    static boolean isTemporary(int status) {
        return switch (status) {
            case 0x04, 0x08, 0x14, 0x45, 0x58, 0x64, 0xFE, 0xFF -> true;
            default -> false;
        };
    }
}
