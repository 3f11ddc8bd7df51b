-- Finding documents in the portal: by the order they belong to, by partner, by number.
-- `order_number` is an order's own number, or the order number another document's header names
-- (order responses, shipping notices, invoices, credit notes, dispatch instructions and their
-- responses); the documents of one order between two companies link up by it.
ALTER TABLE transactions ADD COLUMN order_number TEXT;
UPDATE transactions t
    SET order_number = NULLIF(trim(c.content::jsonb -> 'header' ->> 'orderIdentifier'), '')
    FROM contents c
    WHERE c.transaction_id = t.id AND jsonb_typeof(c.content::jsonb -> 'header') = 'object'
      AND t.document_type IN ('ORDER', 'ORDER_RESPONSE', 'SHIPPING_NOTICE', 'INVOICE', 'CREDIT_NOTE',
                              'DISPATCH_INSTRUCTION', 'DISPATCH_INSTRUCTION_RESPONSE');
-- A search by number reads these two, then keeps the company's rows among the few that match.
CREATE INDEX transactions_by_number ON transactions (business_number) WHERE business_number IS NOT NULL;
CREATE INDEX transactions_by_order ON transactions (order_number) WHERE order_number IS NOT NULL;
-- A company's documents with one partner, newest first, on either side.
CREATE INDEX transactions_sent_to ON transactions (sender_id, receiver_id, created_at, id);
CREATE INDEX transactions_received_from ON transactions (receiver_id, sender_id, created_at, id) WHERE delivered;
-- With one partner and a type, flow or status filter, the history's runs within the partner:
-- the history's indexes with the partner after the company. Without them a partner's documents
-- were read by time and filtered, so that "failed documents from X" when none failed read all
-- of X's history. The receiver is copied from `transactions`, whose rows never change it.
ALTER TABLE transaction_states ADD COLUMN receiver_id UUID;
UPDATE transaction_states s SET receiver_id = t.receiver_id FROM transactions t WHERE t.id = s.transaction_id;
ALTER TABLE transaction_states ALTER COLUMN receiver_id SET NOT NULL;
CREATE INDEX transaction_states_sent_partner
    ON transaction_states (sender_id, receiver_id, document_type, flow, status, created_at, transaction_id);
CREATE INDEX transaction_states_received_partner
    ON transaction_states (delivered_to, sender_id, document_type, flow, status, created_at, transaction_id);
