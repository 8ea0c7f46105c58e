package io.ringway.inbound;

/**
 * One inbound SMS (or one part of a concatenated one) as an SMPP deliver_sm brought it, before anything is decoded.
 *
 * @param connector        the connector that received it (parts are only ever joined with parts of the same connector)
 * @param from             source_addr: the sender, as the SMSC wrote it
 * @param to               destination_addr: the receiving number, which decides the account
 * @param dataCoding       data_coding: the alphabet of {@code shortMessage}
 * @param esmClass         esm_class; 0x40 (UDHI) says the octets start with a user data header
 * @param shortMessage     short_message octets, the UDH included
 * @param sarRef           sar_msg_ref_num TLV, or null (with sarTotal and sarSeq: a part of a concatenated SMS)
 * @param sarTotal         sar_total_segments TLV, or null
 * @param sarSeq           sar_segment_seqnum TLV, or null
 * @param messagePayload   message_payload TLV, or null; replaces {@code shortMessage} when present
 * @param receivedAtMillis when the connector received it
 */
public record InboundSms(String connector, String from, String to, int dataCoding, int esmClass,
                         byte[] shortMessage, Integer sarRef, Integer sarTotal, Integer sarSeq,
                         byte[] messagePayload, long receivedAtMillis) {}
