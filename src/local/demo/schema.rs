//! The custom fields, their options and the case reasons the demo domain is set up with.

/// A custom field the demo creates: `(id, name, type, description, multiline, options)`.
pub(super) struct FieldSpec {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) ty: &'static str,
    pub(super) description: &'static str,
    pub(super) multiline: bool,
    /// `(value, name)` pairs of a SingleSelect field.
    pub(super) options: &'static [(&'static str, &'static str)],
}

const fn field(
    id: &'static str,
    name: &'static str,
    ty: &'static str,
    d: &'static str,
) -> FieldSpec {
    FieldSpec {
        id,
        name,
        ty,
        description: d,
        multiline: false,
        options: &[],
    }
}

const fn multiline(id: &'static str, name: &'static str, d: &'static str) -> FieldSpec {
    FieldSpec {
        id,
        name,
        ty: "Text",
        description: d,
        multiline: true,
        options: &[],
    }
}

const fn select(
    id: &'static str,
    name: &'static str,
    d: &'static str,
    options: &'static [(&'static str, &'static str)],
) -> FieldSpec {
    FieldSpec {
        id,
        name,
        ty: "SingleSelect",
        description: d,
        multiline: false,
        options,
    }
}

pub(super) const PRIORITIES: &[(&str, &str)] = &[
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("urgent", "Urgent"),
];
pub(super) const CHANNELS: &[(&str, &str)] = &[
    ("email", "Email"),
    ("phone", "Phone"),
    ("chat", "Chat"),
    ("sms", "SMS"),
];
const REFUND_REASONS: &[(&str, &str)] = &[
    ("damaged", "Damaged on arrival"),
    ("not_delivered", "Not delivered"),
    ("wrong_item", "Wrong item"),
    ("late_delivery", "Late delivery"),
    ("defective", "Defective"),
    ("changed_mind", "Changed mind"),
    ("duplicate_charge", "Duplicate charge"),
];
const ORDER_STATUSES: &[(&str, &str)] = &[
    ("placed", "Placed"),
    ("shipped", "Shipped"),
    ("in_transit", "In transit"),
    ("out_for_delivery", "Out for delivery"),
    ("delivered", "Delivered"),
    ("delivery_failed", "Delivery failed"),
    ("returned", "Returned"),
    ("lost", "Lost"),
];
const REFUND_STATUSES: &[(&str, &str)] = &[
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("issued", "Issued"),
    ("rejected", "Rejected"),
];
const BOOKING_STATUSES: &[(&str, &str)] = &[
    ("confirmed", "Confirmed"),
    ("rescheduled", "Rescheduled"),
    ("completed", "Completed"),
    ("cancelled", "Cancelled"),
    ("no_show", "No show"),
];
pub(super) const DELIVERY_OUTCOMES: &[(&str, &str)] = &[
    ("delivered", "Delivered"),
    ("failed_no_access", "Failed: no access"),
    ("failed_address", "Failed: address problem"),
    ("failed_not_home", "Failed: nobody home"),
    ("returned_to_depot", "Returned to depot"),
    ("rescheduled", "Rescheduled"),
];

/// The custom fields of the demo domain, in creation order.
#[rustfmt::skip]
pub(super) const CUSTOM_FIELDS: &[FieldSpec] = &[
    field("order_number", "Order number", "Text", "The web shop order number."),
    field("product", "Product", "Text", "Product name as shown on the order."),
    field("sku", "SKU", "Text", "Stock keeping unit."),
    field("tracking_code", "Tracking code", "Text", "Carrier tracking code."),
    field("carrier", "Carrier", "Text", "Delivery carrier."),
    field("booking_reference", "Booking reference", "Text", "Installation or repair booking."),
    field("refund_reference", "Refund reference", "Text", "Payment provider refund id."),
    multiline("service_address", "Service address", "Where the visit takes place."),
    multiline("item_notes", "Notes", "Free-text notes on a related item."),
    multiline("driver_notes", "Driver notes", "What the driver reported."),
    field("refund_amount", "Refund amount", "Number", "Amount to refund, in GBP."),
    field("quantity", "Quantity", "Number", "Number of units."),
    field("priority_score", "Priority score", "Number", "0-100, computed by triage."),
    field("order_total", "Order total", "Number", "Order value, in GBP."),
    field("attempt_number", "Attempt number", "Number", "Delivery attempt count."),
    field("vip", "VIP customer", "Boolean", "Customer is in the VIP programme."),
    field("warranty", "Under warranty", "Boolean", "Product is under warranty."),
    field("refund_approved", "Refund approved", "Boolean", "A supervisor approved it."),
    field("delivery_date", "Delivery date", "DateTime", "Promised or attempted delivery."),
    field("booking_date", "Booking date", "DateTime", "Start of the booked visit."),
    field("order_date", "Order date", "DateTime", "When the order was placed."),
    field("refund_issued_at", "Refund issued at", "DateTime", "When the money was sent."),
    select("priority", "Priority", "How urgent the case is.", PRIORITIES),
    select("channel_preference", "Preferred channel", "How to contact the customer.", CHANNELS),
    select("refund_reason", "Refund reason", "Why money goes back.", REFUND_REASONS),
    select("order_status", "Order status", "Fulfilment state of an order.", ORDER_STATUSES),
    select("refund_status", "Refund status", "State of a refund.", REFUND_STATUSES),
    select("booking_status", "Booking status", "State of a booking.", BOOKING_STATUSES),
    select("delivery_outcome", "Delivery outcome", "Result of an attempt.", DELIVERY_OUTCOMES),
    field("receipt_url", "Receipt", "Url", "Link to the order receipt."),
    field("tracking_url", "Tracking page", "Url", "Carrier tracking page."),
    field("escalation_owner", "Escalation owner", "User", "Who owns the escalation."),
    field("approved_by", "Approved by", "User", "Who approved the refund."),
];

/// The option value of a case reason: `Delivery issue` -> `delivery_issue`.
pub(super) fn reason_value(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}
