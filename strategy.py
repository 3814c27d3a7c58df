"""The strategy's own words: its definitions, priorities and outcome measures.

Quoted from "Tower Hamlets Violence, Vulnerability and Exploitation Strategy
2021-24" (../shared/strategy/). The interface uses these texts verbatim; every
layer may import this module, which imports nothing of the project.
"""

from __future__ import annotations

from dataclasses import dataclass

STRATEGY_TITLE = "Tower Hamlets Violence, Vulnerability and Exploitation Strategy 2021-24"

DEFINITIONS: dict[str, str] = {
    "Serious violence affecting young people": (
        "Any offence of most serious violence or weapon enabled crime, where the victim is "
        "aged 1 to 24 years old."
    ),
    "Child Criminal Exploitation": (
        "Occurs where an individual or group takes advantage of an imbalance of power to "
        "coerce, control, manipulate or deceive a child or young person under the age of 18 "
        "into any criminal activity (a) in exchange for something the victim needs or wants, "
        "and/or (b) for the financial or other advantage of the perpetrator or facilitator "
        "and/or (c) through violence or the threat of violence. The victim may have been "
        "criminally exploited even if the activity appears consensual. Child Criminal "
        "Exploitation does not always involve physical contact; it can also occur through the "
        "use of technology."
    ),
    "County lines": (
        "A form of child criminal exploitation, and is a term used to describe gangs and "
        "organised criminal networks involved in exporting illegal drugs into one or more "
        "importing areas within the UK, using dedicated mobile phone lines or other form of "
        "\u201cdeal line\u201d. They are likely to exploit children and young people to move and "
        "store the drugs and money and they will often use coercion, intimidation, violence "
        "(including sexual violence) and weapons."
    ),
    "Child sexual exploitation": (
        "A form of child sexual abuse. It occurs where an individual or group takes advantage "
        "of an imbalance of power to coerce, manipulate or deceive a child or young person "
        "under the age of 18 into sexual activity (a) in exchange for something the victim "
        "needs or wants, and/or (b) for the financial advantage or increased status of the "
        "perpetrator or facilitator. The victim may have been sexually exploited even if the "
        "sexual activity appears consensual. Child sexual exploitation does not always "
        "involve physical contact; it can also occur through the use of technology."
    ),
    "Gang": (
        "A relatively durable predominantly street-based group of young people who see "
        "themselves (and are seen by others) as a discernible group and engage in a range of "
        "criminal activity and violence."
    ),
    "Gang level 1 \u2013 Peer Group": (
        "A small unorganised, transient grouping occupying the same space with a common "
        "history. Crime is not integral to their self-definition."
    ),
    "Gang level 2 \u2013 Street Gang": (
        "A relative durable, predominantly street based group of young people who see "
        "themselves (and are seen by others) as a discernible group for whom crime and "
        "violence is integral to the groups identity."
    ),
    "Gang level 3 \u2013 An organised criminal network": (
        "A group of individuals for whom involvement in crime is for personal gain. The gain "
        "is mostly measured in financial terms. Crime is their \u201coccupation\u201d."
    ),
}

PRIORITIES: dict[int, tuple[str, str]] = {
    1: (
        "Prevention and early intervention",
        "Children and young people at risk of exploitation or serious violence and their "
        "families are identified, get the support they need at the right time and are "
        "protected from serious harm as a result",
    ),
    2: (
        "Protection and ongoing support for children and young people at the highest risk of "
        "harm and those who are survivors",
        "Children and young people who are affected by exploitation or serious violence "
        "receive appropriate, persistent support that helps to reduce the risks they face, "
        "find alternative pathways and rebuild their lives.",
    ),
    3: (
        "Disrupting and pursuing those who pose a risk to children and young people",
        "The risk to children and young people from those who would seek to criminally or "
        "sexually exploit them, or involve them in violence, is reduced.",
    ),
}


@dataclass(frozen=True)
class OutcomeMeasure:
    """A measure the partnership records, from a "How will we know" list."""

    measure: str
    priority: int
    strategy_text: str
    unit: str
    higher_is_better: bool


OUTCOME_MEASURES: tuple[OutcomeMeasure, ...] = (
    OutcomeMeasure(
        "screening_tool_uses", 1,
        "An increase in the use of the partnership exploitation screening tool to identify "
        "children where there are early signs of risk.",
        "screening tool uses per quarter", True,
    ),
    OutcomeMeasure(
        "children_identified_early_support", 1,
        "An increase in the number of children being identified by different stakeholders as "
        "at risk of exploitation or violence and receiving early support",
        "children per quarter", True,
    ),
    OutcomeMeasure(
        "persistent_absence_unauthorised", 1,
        "A reduction in the number of young people who are persistently absent from school "
        "without authorisation.",
        "pupils per term", False,
    ),
    OutcomeMeasure(
        "neet_16_17", 1,
        "A reduction in the number of young people who are not in education, employment or "
        "training.",
        "young people aged 16-17 per quarter", False,
    ),
    OutcomeMeasure(
        "fixed_term_exclusions", 1,
        "Children and young people at risk of exclusion or dropping out of education are "
        "supported to stay in mainstream schools, where this is the best option for them.",
        "fixed-term exclusions per term", False,
    ),
    OutcomeMeasure(
        "rescue_and_response_referrals", 3,
        "Increase in referrals of young people to the pan-London Rescue and Response service "
        "for intensive support.",
        "referrals per quarter", True,
    ),
    OutcomeMeasure(
        "disruptions", 3,
        "Evidence that early information sharing on areas of concern is leading to successful "
        "proactive disruption.",
        "disruptions per quarter", True,
    ),
    OutcomeMeasure(
        "exploitation_prosecutions", 3,
        "Active disruption and increased criminal prosecutions of those who exploit young "
        "people for profit or gain",
        "prosecutions per quarter", True,
    ),
)

# Each priority's "How will we know we are making a difference?" list, in its order.
HOW_WILL_WE_KNOW: dict[int, tuple[str, ...]] = {
    1: (
        "An increase in the use of the partnership exploitation screening tool to identify "
        "children where there are early signs of risk.",
        "Reviews of cases demonstrate that concerns are being identified earlier and action "
        "taken to avoid statutory intervention.",
        "A reduction in the numbers of children and young people in at risk groups.",
        "A reduction in the number of young people who are persistently absent from school "
        "without authorisation.",
        "A reduction in the number of young people who are not in education, employment or "
        "training.",
        "An increase in the number of children being identified by different stakeholders as "
        "at risk of exploitation or violence and receiving early support",
    ),
    2: (
        "Reviews of cases demonstrate that children and young people at the highest risk have "
        "been effectively safeguarded.",
        "Reviews of cases show that children and young people who are survivors of serious "
        "violence or exploitation have been supported to make progress with their lives, in "
        "education, work, relationships or wellbeing.",
        "Children and young people\u2019s feedback demonstrates they value the support provided.",
        "Reduction in reported incidents of violence or exploitation in key locations or at key "
        "times (such as the after-school period) across the borough",
    ),
    3: (
        "Reduction in knife crime injury victims aged under 25 years.",
        "Evidence that early information sharing on areas of concern is leading to successful "
        "proactive disruption.",
        "Increase in referrals of young people to the pan-London Rescue and Response service "
        "for intensive support.",
        "Feedback from young people shows an increased confidence in policing, and in particular "
        "stop and search.",
        "Active disruption and increased criminal prosecutions of those who exploit young "
        "people for profit or gain",
    ),
}
# The strategy's footnote to Priority 3's list.
PRIORITY_3_MEASURES_NOTE = (
    "developing measures of progress for this priority is challenging, and these will be "
    "further developed as part of operational planning."
)
