package io.ringway.carrier.smpp;

import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;

/** jSMPP's listener reduced to what a connector handles: deliver_sm. data_sm is refused; alerts are ignored. */
final class DeliverListener implements MessageReceiverListener {
    interface Handler {
        void deliver(DeliverSm d) throws ProcessRequestException;
    }

    private final Handler handler;

    DeliverListener(Handler handler) { this.handler = handler; }

    @Override
    public void onAcceptDeliverSm(DeliverSm d) throws ProcessRequestException { handler.deliver(d); }

    @Override
    public void onAcceptAlertNotification(AlertNotification a) {}

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not supported", 0x03);
    }
}
