"""Demo briefings for `manage.py load_demo_briefings`: our own writing, in the site's voice.

Entries name a demo post by its slug (`post`) or give an external link. `added_in` is the
index of the update (in UPDATES order, oldest first) that brought the entry in; the loader
rebuilds the change history from it, so the page's update history says what each update
added or removed.
"""

BRIEFINGS = [
    {
        "slug": "mutuals-briefing",
        "title": "Mutuals Briefing",
        "curators": ["helen-marsh"],
        "tags": ["Mutuals", "Mutual Pathfinders", "Employee Ownership", "Spin-outs"],
        "introduction": (
            "<p>Public service mutuals are organisations that have left the public sector but carry on delivering public services, with the staff who do the work owning or controlling a significant part of them. Community nursing teams, council day services, libraries and youth services have all taken the route.</p>"
            "<p>This briefing gathers what we think is the most useful reading on the subject: the government’s own guidance, our reporting on the Pathfinder mutuals and the spin-outs that followed, and the audits and research that say how well the model has worked. We add to it when something important is published and say so in the update history below.</p>"
        ),
        "sections": [
            {
                "title": "Government policy and guidance",
                "entries": [
                    {
                        "url": "https://www.gov.uk/government/collections/public-service-mutuals",
                        "title": "Public service mutuals: guidance, support and case studies",
                        "source": "Cabinet Office",
                        "days_ago": 720,
                        "note": "The starting point for any team thinking of spinning out: what counts as a mutual and where to get advice.",
                        "added_in": 0,
                    },
                    {
                        "url": "https://www.gov.uk/government/publications/public-service-mutuals-the-state-of-the-sector",
                        "title": "Public service mutuals: the state of the sector",
                        "source": "Department for Digital, Culture, Media & Sport",
                        "days_ago": 610,
                        "note": "The most complete count of how many mutuals are trading, what they do and how big they are.",
                        "added_in": 0,
                    },
                    {
                        "url": "https://www.gov.uk/government/collections/procurement-act-2023-guidance-documents",
                        "title": "Procurement Act guidance for suppliers and contracting authorities",
                        "source": "Cabinet Office",
                        "days_ago": 310,
                        "note": "The rules a mutual must win its next contract under, including the reserved-contract provisions.",
                        "added_in": 2,
                    },
                    {
                        "post": "procurement-reform-what-changes-for-suppliers",
                        "note": "Our guide to what the new rules mean for social enterprises bidding against large firms.",
                        "added_in": 2,
                    },
                    {
                        "url": "https://www.gov.uk/government/publications/procurement-policy-note-0620-taking-account-of-social-value-in-the-award-of-central-government-contracts",
                        "title": "Taking account of social value when awarding central government contracts",
                        "source": "Cabinet Office",
                        "days_ago": 560,
                        "note": "Why a mutual's local roots can now count for points in a tender.",
                        "added_in": 1,
                    },
                ],
            },
            {
                "title": "Pathfinder mutuals and spin-outs",
                "entries": [
                    {
                        "post": "staff-vote-to-form-adult-social-care-mutual",
                        "note": "A large council care service votes to go it alone.",
                        "added_in": 0,
                    },
                    {
                        "post": "community-health-staff-prepare-spin-out",
                        "note": "The case for and against a community health spin-out, from both sides.",
                        "added_in": 0,
                    },
                    {"post": "pathfinder-mutual-launches-tender-for-partner", "added_in": 0},
                    {
                        "url": "https://www.gov.uk/government/publications/mutuals-pathfinder-programme-progress-report",
                        "title": "Mutual Pathfinder programme: progress report",
                        "source": "Cabinet Office",
                        "days_ago": 380,
                        "note": "The official account of how the first Pathfinders fared, with their own survey of staff.",
                        "added_in": 1,
                    },
                    {
                        "post": "health-mutual-first-year-results",
                        "note": "One of the few mutuals to publish a full set of first-year figures.",
                        "added_in": 2,
                    },
                    {
                        "post": "pathfinder-mutuals-revisited",
                        "note": "Where the original Pathfinders are now: our look back.",
                        "added_in": 2,
                    },
                    {
                        "url": "https://employeeownership.co.uk/",
                        "title": "Employee ownership in public services: members and case studies",
                        "source": "Employee Ownership Association",
                        "note": "Useful for finding a mutual in your own field to talk to.",
                        "added_in": 1,
                    },
                ],
            },
            {
                "title": "Reading list: audits, evaluations and research",
                "entries": [
                    {
                        "url": "https://www.nao.org.uk/reports/",
                        "title": "Reports on commissioning, contracting and public service markets",
                        "source": "National Audit Office",
                        "note": "The auditors' view of how well government buys services, mutual or not.",
                        "added_in": 1,
                    },
                    {
                        "url": "https://committees.parliament.uk/committee/127/public-accounts-committee/",
                        "title": "Public Accounts Committee: inquiries and reports",
                        "source": "House of Commons",
                        "note": "Evidence sessions where officials are asked what spin-outs have delivered.",
                        "added_in": 2,
                    },
                    {
                        "url": "https://www.socialenterprise.org.uk/",
                        "title": "State of social enterprise survey",
                        "source": "Social Enterprise UK",
                        "days_ago": 400,
                        "note": "Survey data on the wider sector that mutuals belong to, including contract income.",
                        "added_in": 0,
                    },
                    {
                        "post": "social-value-in-contracts",
                        "note": "Our analysis: does social value change who wins contracts?",
                        "added_in": 2,
                    },
                ],
            },
        ],
        # Oldest first. `removed` lists entries that an update took out (no longer listed).
        "updates": [
            {
                "days_ago": 600,
                "note": "First edition: the government's guidance, the first spin-out votes and the sector survey.",
            },
            {
                "days_ago": 370,
                "note": "Updated to reflect the Pathfinder progress report and the new rules on social value in contracts.",
                "removed": [
                    {
                        "title": "Consultation on support for new mutuals (now closed)",
                        "url": "https://www.gov.uk/government/consultations",
                        "section": "Government policy and guidance",
                    }
                ],
            },
            {
                "days_ago": 140,
                "note": "Added our look back at the Pathfinder mutuals, a health mutual's first-year results and a guide to the new procurement rules.",
            },
        ],
    },
    {
        "slug": "government-it-projects-briefing",
        "title": "Government IT Projects Briefing",
        "curators": ["tom-okafor"],
        "tags": ["Government IT", "National Audit Office"],
        "introduction": (
            "<p>Big public-sector IT programmes go wrong in familiar ways: requirements that keep moving, contracts that lock buyers in, and data migrations that turn out harder than anyone planned. This short briefing collects our reporting and the official reviews worth reading before the next one starts.</p>"
        ),
        "sections": [
            {
                "title": "Programmes in trouble",
                "entries": [
                    {"post": "patient-records-programme-slips-again", "added_in": 0},
                    {"post": "nao-finds-shared-services-erp-overrun", "added_in": 0},
                    {"post": "shared-services-partnership-dissolves", "added_in": 0},
                    {
                        "post": "committee-grills-officials-over-it-contracts",
                        "note": "What MPs asked, and what officials could not answer.",
                        "added_in": 0,
                    },
                ],
            },
            {
                "title": "Doing it differently",
                "entries": [
                    {
                        "post": "agile-benefits-system-lessons",
                        "note": "A rare account of delivery in small steps that worked.",
                        "added_in": 0,
                    },
                    {"post": "smes-g-cloud-share", "added_in": 0},
                    {
                        "url": "https://www.gov.uk/service-manual",
                        "title": "Service Manual: how to plan, build and run a government service",
                        "source": "Government Digital Service",
                        "note": "The standard every new central government service is assessed against.",
                        "added_in": 0,
                    },
                ],
            },
        ],
        "updates": [
            {
                "days_ago": 90,
                "note": "First edition, with our coverage of the shared services overruns and the patient-records delays.",
            },
        ],
    },
]
