"""English demo texts (customers who would rather not write a Nordic language)."""

# Nordic typography writes ranges and asides with an en dash.
# ruff: noqa: RUF001
from __future__ import annotations

from lytte.demo.texts.structure import LanguageTexts, ReasonTexts

REASONS = {
    "order": ReasonTexts(
        subjects=("Question about order {order}", "Change my order", "No order confirmation"),
        messages=(
            "Hi, I placed an order yesterday (no. {order}) but haven't received a confirmation "
            "email. Did it go through?",
            "Can I change the delivery address on order {order}? I have moved.",
            "I'd like to add an item to my order before it ships. Is that possible?",
        ),
        notes=(
            "Customer calling re order {order}, wanted to change quantity. Updated.",
            "cust asked if order was received. confirmed, resent confirmation.",
            "Helped customer order in the web shop, order {order} placed.",
        ),
    ),
    "delivery": ReasonTexts(
        subjects=("Where is my parcel?", "Delivery of order {order}", "Parcel has not arrived"),
        messages=(
            "Hello. My parcel should have arrived last week, but tracking hasn't changed for "
            "days. Order number {order}.",
            "Tracking says delivered, but there is nothing in my mailbox or at the pick-up point.",
            "Could you deliver on another day? I'm away all week.",
        ),
        notes=(
            "Customer calling re missing delivery, order {order}. Parcel at terminal, promised "
            "to follow up.",
            "cust calling re parcel delivered to wrong address. claim opened with carrier.",
            "Asked about delivery time, told 2-4 working days.",
        ),
    ),
    "delayed-delivery": ReasonTexts(
        subjects=("Delayed delivery", "Order {order} is late"),
        messages=(
            "My delivery is more than a week late. I need it for the weekend – can you check?",
            "I was told order {order} is delayed. When can I expect it?",
        ),
        notes=(
            "cust calling re delayed delivery order {order}, apologised and chased warehouse.",
            "Carrier delay, new delivery date Friday. Shipping refunded.",
        ),
    ),
    "invoice": ReasonTexts(
        subjects=("Question about invoice {invoice}", "Invoice", "Received a reminder"),
        messages=(
            "Hi, I got a payment reminder for invoice {invoice}, but I paid it over a week ago. "
            "Could you check?",
            "Can I receive my invoices by email instead of on paper?",
            "I don't understand the fee on my latest invoice. Could someone explain?",
        ),
        notes=(
            "Customer calling re reminder on invoice {invoice}. Payment registered today, "
            "reminder cancelled.",
            "Wants e-invoice, sent set-up instructions.",
            "question about invoice fee, explained. fee waived as goodwill.",
        ),
    ),
    "wrong-amount": ReasonTexts(
        subjects=("Wrong amount on invoice", "Invoice {invoice} has the wrong amount"),
        messages=(
            "Invoice {invoice} says {amount}, which doesn't match my agreement at all.",
            "I have been charged twice for the same month – {amount} taken twice.",
        ),
        notes=(
            "cust calling re invoice wrong amount ({amount}). checked contract, credit note sent.",
            "Wrong price on invoice {invoice}, new invoice sent.",
        ),
    ),
    "payment-deferral": ReasonTexts(
        subjects=("Payment deferral", "Can I pay later?"),
        messages=(
            "I've had unexpected expenses this month. Could I get 14 more days on invoice "
            "{invoice}?",
            "Is it possible to split {amount} into instalments?",
        ),
        notes=(
            "Customer asks to defer invoice {invoice}. Granted 14 days.",
            "instalment plan for {amount} agreed, 3 months.",
        ),
    ),
    "complaint": ReasonTexts(
        subjects=("Complaint", "Damaged item in order {order}", "Unhappy with your answer"),
        messages=(
            "The item was broken when I opened the box. I'd like a replacement.",
            "I have waited in the phone queue for over 40 minutes two days in a row. Not good "
            "enough.",
            "The product stopped working after three weeks. I expect you to cover this.",
        ),
        notes=(
            "Customer very unhappy with waiting time. Apologised, gave compensation.",
            "Complaint on damaged item, order {order}. Return label sent.",
            "complaint about wrong info from us earlier, escalated to team lead.",
        ),
    ),
    "fault": ReasonTexts(
        subjects=("Something is not working", "Service fault", "Error message"),
        messages=(
            "The service hasn't worked since this morning. I only get an error message.",
            "Something is wrong with the product – it switches off after a few minutes.",
            'I get "Something went wrong" every time I try to pay.',
        ),
        notes=(
            "Customer calling re service fault. Troubleshot together, a restart fixed it.",
            "Fault passed to tech support, customer will get an email.",
            "known issue, referred to the status page.",
        ),
    ),
    "login": ReasonTexts(
        subjects=("Can't log in", "Login problems"),
        messages=(
            "I can't log in to My Page. I tried resetting my password but get no email.",
            "Logging in with BankID fails every time.",
        ),
        notes=(
            "cust can't log in, sent new password reset link.",
            "BankID login failing, known issue. Referred to status page.",
        ),
    ),
    "app-error": ReasonTexts(
        subjects=("The app crashes", "Bug in the app"),
        messages=(
            "The app closes every time I open it since the latest update.",
            "The website freezes when I try to check out.",
        ),
        notes=(
            "App crashes after update. Asked customer to reinstall, reported to development.",
            "cust can't complete purchase online, took the order by phone.",
        ),
    ),
    "wrong-information": ReasonTexts(
        subjects=("Wrong information on the website", "Missing information", "Wrong price?"),
        messages=(
            "The price on your website is not the same as at checkout. Which one applies?",
            "The opening hours on your website are wrong – the shop was closed.",
            "The order confirmation says nothing about the right of withdrawal.",
        ),
        notes=(
            "Wrong price online, customer got the right price. Reported to web team.",
            "wrong opening hours on website, passed on.",
        ),
    ),
    "question": ReasonTexts(
        subjects=("Question", "How do I do this?", "Quick question"),
        messages=(
            "Hi! How do I change my password?",
            "What are your opening hours over Easter?",
            "Can I pick up my order myself instead of having it delivered?",
        ),
        notes=(
            "Customer asked about opening hours, informed.",
            "Showed customer how to download invoices from My Page.",
            "question about warranty, explained terms.",
        ),
    ),
    "account": ReasonTexts(
        subjects=("Change of address", "Update contact details", "Change account holder"),
        messages=(
            "I have moved and need to update my address.",
            "Could you change the email address on my account?",
            "I want to transfer the subscription to my partner. What do you need?",
        ),
        notes=(
            "Customer calling to change address, updated.",
            "changed phone and email on customer.",
            "Change of owner, sent transfer form.",
        ),
    ),
    "cancellation": ReasonTexts(
        subjects=("Cancellation", "Cancel order {order}", "Cancel my subscription"),
        messages=(
            "I would like to cancel my subscription from next month.",
            "Can I cancel order {order}? It hasn't shipped yet.",
            "I want to use my right of withdrawal for my purchase.",
        ),
        notes=(
            "Customer wants to cancel. Offered discount, declined. Cancellation registered.",
            "Cancelled order {order} before dispatch.",
            "right of withdrawal used, return label sent.",
        ),
    ),
    "praise": ReasonTexts(
        subjects=("Thank you!", "Praise for customer service", "Happy customer"),
        messages=(
            "Just wanted to say thanks for the quick and friendly help yesterday!",
            "The parcel arrived the very next day. Great job!",
            "Thanks to {agent} who helped me so well on the phone last week.",
        ),
        notes=("Customer called just to say thanks for the help.", "praise for the Oslo shop."),
    ),
    "other": ReasonTexts(
        subjects=("Enquiry", "Other", "Sponsorship question"),
        messages=(
            "Hi, do you have any vacancies in customer service?",
            "Do you sponsor local sports clubs?",
            "I was actually trying to reach my bank – have I got the wrong number?",
        ),
        notes=(
            "Customer called the wrong number, transferred.",
            "Sponsorship question, referred to marketing.",
            "call dropped, called back, no answer.",
        ),
    ),
}

TEXTS = LanguageTexts(
    reasons=REASONS,
    replies=(
        "Hi {first},\n\nThank you for contacting us about {topic}. We have looked into it and "
        "everything should now be in order. Let us know if anything is still not right.\n\n"
        "Kind regards\n{agent}\nCustomer Service",
        "Hi {first},\n\nSorry for the slow reply. We have passed your case on and will get back "
        "to you as soon as we know more.\n\nBest regards\n{agent}",
        "Hello,\n\nThanks for getting in touch. Could you send us your order or invoice number so "
        "we can look into it?\n\nRegards, {agent}",
        "Hi {first}, this is now fixed. Have a nice day!\n\n{agent}",
    ),
    follow_ups=(
        "Hello again. I haven't heard anything from you – what is happening with my case?",
        "Thanks for the reply, but it is still not right. Could you take another look?",
        "Here is the order number: {order}.",
        "Reminder: I am still waiting for an answer.",
    ),
    callbacks=(
        "Called customer back re {topic}, sorted.",
        "called cust, no answer. sent text message.",
        "Called back as agreed, customer happy with the solution.",
    ),
    internal_notes=(
        "Checked in the billing system, looks correct.",
        "Waiting for the warehouse to reply.",
        "Passed to second line for assessment.",
        "Customer has had the same problem before, see earlier cases.",
    ),
)
