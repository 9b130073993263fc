# The demo shop's profile and policies.
#
# Every answer in the *.intents files may name any single-valued key below as a
# placeholder, e.g. {return_window_days}; change a fact here and every answer
# that mentions it changes with it. Keys that may repeat (delivery, carrier)
# build lists that answers reach through {delivery_options} and {carriers}.

shop_name: Lantern & Loom
website: https://lanternandloom.example
support_email: help@lanternandloom.example
support_phone: 0161 496 0732
timezone: Europe/London
# Day ranges use Mon Tue Wed Thu Fri Sat Sun; times are 24-hour, local to the time zone.
support_hours: Mon-Fri 09:00-18:00; Sat 10:00-16:00
currency: £

return_window_days: 30
non_returnable_categories: underwear, earrings, gift cards, food
final_sale_rule: Items bought as final sale in our clearance events can't be returned or exchanged unless they arrive faulty.
refund_processing_days: 3
bank_days: 3 to 5 working days
cancellation_fee: Cancelling is free until your order is dispatched; once it has left us, you can return it instead at no charge.
free_delivery_threshold: £50
returns_portal: https://lanternandloom.example/returns
account_url: https://lanternandloom.example/account
password_reset_url: https://lanternandloom.example/account/reset
reviews_url: https://lanternandloom.example/reviews

# delivery: name | how long | price
delivery: Standard | 3 to 5 working days | £3.95 (free over £50)
delivery: Next day | the next working day when ordered by 2pm | £6.95
delivery: Click & collect | 2 to 4 working days to a local collection point | free
delivery: International | 5 to 10 working days to the EU, 7 to 14 elsewhere | from £12.50

# carrier: name | tracking link, with {tracking} where the tracking number goes
carrier: Parcelwise | https://track.parcelwise.example/{tracking}
carrier: Northline Post | https://northlinepost.example/track?id={tracking}

payment_methods: Visa, Mastercard, American Express, PayPal, Apple Pay, Google Pay, Klarna (pay in 3) and Lantern & Loom gift cards
loyalty_program: Loom Rewards
loyalty_rate: 1 point for every £1 you spend, and every 100 points takes £5 off a later order
