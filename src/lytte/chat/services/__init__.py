"""Every write of the chat: the customer's side (`conversations`), the agent's side (`agents`,
for the desk), and the transcript (`transcript`). Refusals raise ChatError."""

from lytte.chat.services.agents import (
    accept,
    accept_next,
    agent_read,
    agent_typing,
    declare_available,
    end_abandoned,
    end_conversation,
    heartbeat,
    post_agent_message,
    transfer,
)
from lytte.chat.services.common import ChatError, Posted
from lytte.chat.services.conversations import (
    Identity,
    Started,
    attach_file,
    claimed,
    customer_read,
    customer_typing,
    delivered_to_customer,
    leave_message,
    post_customer_message,
    start_conversation,
    token_for,
)
from lytte.chat.services.linking import link_customer
from lytte.chat.services.transcript import request_transcript

__all__ = [
    "ChatError",
    "Identity",
    "Posted",
    "Started",
    "accept",
    "accept_next",
    "agent_read",
    "agent_typing",
    "attach_file",
    "claimed",
    "customer_read",
    "customer_typing",
    "declare_available",
    "delivered_to_customer",
    "end_abandoned",
    "end_conversation",
    "heartbeat",
    "leave_message",
    "link_customer",
    "post_agent_message",
    "post_customer_message",
    "request_transcript",
    "start_conversation",
    "token_for",
    "transfer",
]
