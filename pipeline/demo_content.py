"""Demo content for `manage.py load_demo_pipeline`: a newsroom's week in the pipeline,
our own writing. Days are relative to today (negative: in the past)."""

PEOPLE = [
    # username, first name, last name, role, author slug (None: a new author)
    ("helen", "Helen", "Marsh", "Editor", "helen-marsh"),
    ("tom", "Tom", "Okafor", "Journalist", "tom-okafor"),
    ("ruth", "Ruth", "Abernethy", "Journalist", "ruth-abernethy"),
    ("priya", "Priya", "Shah", "Contributor", None),
]

PRIYA_BIO = (
    "Priya is a freelance researcher who writes about local government finance and shared services."
)

# Posts that load_demo made, put in the pipeline.
STAGED = [
    {
        "slug": "how-many-mutuals-survive",
        "stage": "writing",
        "assignee": "helen",
        "editor": "helen",
        "due": 5,
    },
    {
        "slug": "are-spend-controls-still-working",
        "stage": "review",
        "assignee": "tom",
        "editor": "helen",
        "due": 0,
        "changed": -1,
        "notes": [
            {
                "author": "helen",
                "days": -1,
                "quote": "spend controls",
                "body": "@tom this needs the Cabinet Office's own answer, not only the NAO's figures. Can you ask their press office before Friday?",
                "replies": [
                    {
                        "author": "tom",
                        "days": 0,
                        "body": "Asked this morning; they promised a statement by Thursday.",
                    }
                ],
            },
            {
                "author": "helen",
                "days": 0,
                "body": "Standfirst is strong. Cut the third paragraph by half?",
                "resolved_by": "tom",
            },
        ],
    },
    {
        "slug": "councils-trial-ai-assistants",
        "stage": "writing",
        "assignee": "ruth",
        "editor": "helen",
        "due": -2,
        "changed": -1,
        "notes": [
            {
                "author": "helen",
                "days": -1,
                "kind": "sent_back",
                "body": "Good start. We need a council that stopped its trial as well as the ones starting: otherwise it reads like a press release.",
            }
        ],
    },
    {
        "slug": "mutuals-conference-preview",
        "stage": "ready",
        "assignee": "helen",
        "editor": "helen",
    },
]

# New stories: pitches waiting for an editor, one accepted, one just published.
NEW = [
    {
        "slug": "councils-that-left-shared-payroll",
        "title": "What happened to the councils that left shared payroll?",
        "stage": "pitch",
        "pitched_by": "priya",
        "changed": -1,
        "pitch": "Three district councils joined a shared payroll service in 2019; two have since left. I have the exit reports through FOI and a former service manager willing to talk.",
    },
    {
        "slug": "epr-contract-exit-clauses",
        "title": "Who holds the exit clauses in NHS patient-record contracts?",
        "stage": "pitch",
        "pitched_by": "tom",
        "changed": 0,
        "pitch": "Trusts renewing patient-record systems say they cannot afford to leave. A look at the exit terms in five published contracts, and what the new procurement rules change.",
    },
    {
        "slug": "libraries-as-digital-help-desks",
        "title": "The libraries that became digital help desks",
        "stage": "assigned",
        "pitched_by": "priya",
        "assignee": "ruth",
        "editor": "helen",
        "due": 9,
        "changed": -2,
        "pitch": "As services move online, branch libraries are where residents go for help with forms. Visit two, talk to staff about what they are asked and what it costs them.",
    },
    {
        "slug": "leisure-staff-vote-for-mutual",
        "title": "Leisure centre staff vote to run their service as a mutual",
        "stage": "published",
        "pitched_by": "priya",
        "assignee": "ruth",
        "editor": "helen",
        "published": -1,
        "tags": ["Mutuals", "Spin-outs", "Local Government"],
        "standfirst": "Staff at Eastvale’s four leisure centres have backed a plan to leave the council and form an employee-owned trust.",
        "body": "<p>Staff who run Eastvale Borough Council’s leisure centres have voted to form an employee-owned mutual, which would take over the four centres and the borough’s swimming lessons next April.</p><p>The council says the move would protect opening hours that it could otherwise no longer afford. The GMB branch said it would judge the plan on its pension terms.</p>",
        "pitch": "Eastvale leisure staff are balloting on a mutual; result due this week.",
    },
]
