"""Words the app says in more than one place, so they stay the same everywhere."""

DISCLAIMER = (
    "Reconnect is a workbook of information and exercises for couples. It is not "
    "therapy, and it is not medical, psychological or legal advice. It cannot know "
    "your situation. For guidance about your own relationship or health, please talk "
    "to a qualified professional."
)

SAFETY = (
    "If an argument has ever involved physical harm or threats, or if one of you is "
    "afraid of the other, the couples exercises here are not the right tool. "
    "Individual, confidential help is: a counselor of your own, a domestic-violence "
    "helpline or your doctor. If anyone is in danger now, call your local emergency "
    "number. Ctrl+Q closes the app at once."
)

PRIVACY = (
    "Everything you write stays in one file on this computer, readable only by your "
    "user account. Reconnect never sends anything over the network."
)
