"""Demo content for `manage.py load_demo`: our own writing, in the site's voice."""

AUTHORS = [
    {
        "slug": "helen-marsh",
        "name": "Helen Marsh",
        "bio": "Helen has covered public service reform and employee-owned mutuals for more than a decade. She edits the Campaign4Change Mutuals Briefing.",
    },
    {
        "slug": "tom-okafor",
        "name": "Tom Okafor",
        "bio": "Tom writes about government IT programmes, audit reports and the contracts behind them. He previously worked as a business analyst in local government.",
    },
    {
        "slug": "ruth-abernethy",
        "name": "Ruth Abernethy",
        "bio": "Ruth reports on NHS technology, digital government and the small firms trying to sell to the public sector.",
    },
]

POSTS = [
    # 1
    {
        "slug": "staff-vote-to-form-adult-social-care-mutual",
        "title": "Council day-care staff vote to run their own service as a mutual",
        "standfirst": "More than four in five staff in Northmoor’s adult day services backed a plan to leave the council and form an employee-owned social enterprise.",
        "body": (
            "<p>Staff who run adult day centres for Northmoor Borough Council have voted overwhelmingly to set up their own employee-owned mutual, in what would be one of the largest spin-outs of a council care service in the north of England.</p>"
            "<p>Of the 214 employees balloted, 83% backed the proposal on a turnout of just over three-quarters. The new organisation, provisionally named Northmoor Community Living, would take on six day centres, a supported-employment team and a small respite service under a five-year contract with the council.</p>"
            "<p>The council’s cabinet is expected to approve the business case next month. If it does, staff would transfer under TUPE, keeping their existing terms and access to the Local Government Pension Scheme through admitted-body status.</p>"
            "<blockquote><p>“People here have been asking for years to be trusted to run things the way that works for the families we support,” said Janet Ollerenshaw, a day centre manager who chairs the staff steering group. “This vote says they are ready to take that on.”</p></blockquote>"
            "<p>The local Unison branch said it remained “cautious but engaged”, and would be seeking guarantees on staffing ratios and on what happens if the mutual runs into financial difficulty. Council officers expect the spin-out to save around £400,000 a year, mostly through lower overheads and new income from selling places to neighbouring authorities.</p>"
            '<p>The project has received advice funded through the government’s support programme for mutuals. Guidance on setting up a public service mutual is available on <a href="https://www.gov.uk/government/collections/public-service-mutuals">GOV.UK</a>.</p>'
        ),
        "authors": ["helen-marsh"],
        "tags": ["Mutuals", "Local Government", "Spin-outs", "Employee Ownership"],
        "days_ago": 712,
        "status": "published",
        "related": [],
        "updates": [],
    },
    # 2
    {
        "slug": "community-health-staff-prepare-spin-out",
        "title": "Community nurses and therapists prepare to leave NHS trust as a social enterprise",
        "standfirst": "",
        "body": (
            "<p>Around 1,100 community nurses, health visitors, physiotherapists and speech and language therapists in Eastbrook are preparing to leave their host NHS trust and form a staff-owned community interest company.</p>"
            "<p>The plan, which has been in development for eighteen months, would see the new organisation hold a contract with the local integrated care board worth about £58m a year. Every member of staff would be offered a £1 share, and an elected staff council would sit alongside the board of directors.</p>"
            "<h2>Why now?</h2>"
            "<p>Managers say the spin-out is partly a response to frustration with decision-making inside a large acute trust, where community services have often competed with hospital wards for money and attention.</p>"
            "<blockquote><p>“Community teams have always been the junior partner,” said Dr Aled Pryce, the clinical lead for the project. “As a separate organisation our budget is spent on keeping people well at home, and we answer for it directly.”</p></blockquote>"
            "<p>Not everyone is convinced. A local campaign group has warned that the move could open the door to privatisation if the company later loses the contract, and has asked the integrated care board to set out what safeguards would apply.</p>"
            "<p>The board says any contract would require the organisation to remain an asset-locked social enterprise, and that transferring staff would keep access to the NHS Pension Scheme. A final decision is due in the spring, after a period of engagement with patients and local councillors.</p>"
        ),
        "authors": ["ruth-abernethy"],
        "tags": ["Mutuals", "NHS", "Community Health", "Spin-outs"],
        "days_ago": 690,
        "status": "published",
        "related": [],
        "updates": [],
    },
    # 3
    {
        "slug": "pathfinder-mutual-launches-tender-for-partner",
        "title": "Pathfinder mutual goes out to tender for a commercial partner",
        "standfirst": "A council youth services team backed by the Cabinet Office’s Pathfinder programme wants a joint-venture partner to help it win work beyond its home borough.",
        "body": (
            "<p>A youth services team that was among the early Cabinet Office Pathfinder mutuals has launched a procurement to find a commercial partner, in a move its leaders say will help it grow beyond a single council contract.</p>"
            "<p>The team, which runs youth clubs, detached youth work and careers advice for Westbridge Council, plans to form a joint venture in which staff would hold a majority stake. The partner, which could be a charity, a housing association or a private company, would take a minority share and provide working capital, back-office systems and bid-writing expertise.</p>"
            "<p>An invitation to tender published this week sets out a contract of up to seven years. Bidders are asked to demonstrate experience of working with employee-owned organisations and to commit to reinvesting a share of any profit in services for young people.</p>"
            "<blockquote><p>“We’ve proved we can run a good service for one council. What we haven’t got is the balance sheet or the bid team to go after work elsewhere,” said Marcus Fenwick, the team’s managing director designate. “The right partner gives us that without taking away staff control.”</p></blockquote>"
            "<p>The Pathfinder programme was set up to give a small number of early mutuals expert help with legal, financial and HR questions. Several of that first cohort have since looked for partners to strengthen their bids in a tougher market.</p>"
            '<p>An open day for interested suppliers will be held next month. Tender documents are available through <a href="https://www.contractsfinder.service.gov.uk/">Contracts Finder</a>.</p>'
        ),
        "authors": ["helen-marsh"],
        "tags": ["Mutuals", "Mutual Pathfinders", "Cabinet Office", "Procurement"],
        "days_ago": 655,
        "status": "published",
        "related": ["staff-vote-to-form-adult-social-care-mutual"],
        "updates": [],
    },
    # 4
    {
        "slug": "patient-records-programme-slips-again",
        "title": "Regional patient-records programme slips again as trusts report data migration problems",
        "standfirst": "The CareLink programme, meant to give five hospital trusts a single electronic patient record, is now expected to finish two years late.",
        "body": (
            "<p>A programme to give five hospital trusts in the East Midlands a shared electronic patient record has been delayed for a third time, with board papers now pointing to full go-live two years after the original target.</p>"
            "<p>The programme, known as CareLink, was approved with a budget of £146m. Papers published by the lead trust show the forecast cost has risen to £189m, mostly because of extra work to clean and migrate records from legacy systems, some of which date from the late 1990s.</p>"
            "<h2>What has gone wrong</h2>"
            "<ul><li>Test migrations found duplicate patient records at a much higher rate than expected, forcing a manual clean-up.</li>"
            "<li>Two of the five trusts must replace their pathology interfaces before they can connect.</li>"
            "<li>Clinical staff were released for training later than planned because of winter pressures.</li></ul>"
            "<p>The papers say the board has “moderate confidence” in the revised timetable, and that the supplier has agreed to absorb part of the additional cost. The first trust went live last autumn and reports that the system is now stable, although outpatient letters took several weeks to return to normal turnaround times.</p>"
            "<blockquote><p>“Nobody wants to repeat the mistakes of the big national programmes, which is why we would rather take longer and get the data right,” said Sarah Quayle, the programme’s senior responsible owner.</p></blockquote>"
            '<p>NHS England expects every trust to have an electronic patient record in place. Its <a href="https://www.england.nhs.uk/digitaltechnology/">digital technology pages</a> set out the minimum standards trusts are expected to meet.</p>'
        ),
        "authors": ["tom-okafor"],
        "tags": ["NHS", "Government IT", "Electronic Patient Records"],
        "days_ago": 630,
        "status": "published",
        "related": [],
        "updates": [
            {
                "days_after": 21,
                "kind": "update",
                "note": 'The lead trust has since confirmed that the second go-live will move from the summer to the autumn, according to its latest <a href="https://www.england.nhs.uk/">published board papers</a>.',
            },
        ],
    },
    # 5
    {
        "slug": "council-brings-revenues-and-benefits-back-in-house",
        "title": "Council ends ten-year outsourcing deal and brings revenues and benefits back in-house",
        "standfirst": "",
        "body": (
            "<p>Southfold District Council has decided to bring its revenues, benefits and customer contact services back under direct control when its ten-year outsourcing contract expires next year, rather than retender the work.</p>"
            "<p>A report to councillors says the in-house option would cost about £1.1m a year less than the best estimate of a retendered contract, largely because the council would no longer pay a supplier’s margin and could drop a layer of contract management. Around 140 staff are expected to transfer back to the council.</p>"
            "<p>The contract was signed when the council was looking for guaranteed savings during a period of steep funding cuts. Officers acknowledge that it delivered those early savings, but say the arrangement became inflexible as benefits rules changed and as more residents moved to online services.</p>"
            "<blockquote><p>“Every time we wanted to change how we dealt with residents, we ended up negotiating a change request,” said Councillor Bridget Amankwah, the cabinet member for resources. “We want to be able to make those decisions ourselves.”</p></blockquote>"
            "<h2>A wider trend?</h2>"
            "<p>Southfold is the latest of a number of councils to take services back in-house as long contracts from the last decade come to an end. Researchers who track local authority contracts say the picture is mixed: some councils are insourcing, while others are extending or retendering deals they consider good value.</p>"
            "<p>The supplier said it was disappointed but would work with the council on a smooth transition, which is planned to take place in stages over six months.</p>"
        ),
        "authors": ["tom-okafor", "helen-marsh"],
        "tags": ["Outsourcing", "Insourcing", "Local Government"],
        "days_ago": 598,
        "status": "published",
        "related": [],
        "updates": [],
    },
    # 6
    {
        "slug": "nao-finds-shared-services-erp-overrun",
        "title": "NAO: shared services programme three years late and £220m over budget",
        "standfirst": "The spending watchdog says a programme to move departments onto a common ERP platform badly underestimated the work needed to standardise processes.",
        "body": (
            "<p>A Whitehall programme to move several departments and their arm’s-length bodies onto a single enterprise resource planning (ERP) platform is three years behind schedule and £220m over its original budget, according to the National Audit Office.</p>"
            "<p>The programme, known as Unity, was intended to consolidate finance, HR and payroll into two shared service centres, replacing more than a dozen ageing systems. The NAO says that only four of the eleven organisations due to migrate have done so, and that the expected annual savings of £90m are unlikely to be achieved before the end of the decade.</p>"
            "<h2>Standardisation underestimated</h2>"
            "<p>The report finds that the programme assumed organisations would adopt standard processes with little customisation. In practice, departments asked for significant changes to reflect their own pay structures and approval rules, and design work took far longer than planned.</p>"
            "<ul><li>The whole-life cost is now estimated at £610m, compared with £390m at approval.</li>"
            "<li>The systems integrator contract has been renegotiated twice.</li>"
            "<li>Governance was split across several boards, with no single senior owner for the first two years.</li></ul>"
            "<p>A spokesperson for the programme, Daniel Whitcombe, said: “We accept the NAO’s findings and have already reset the programme with a smaller scope and clearer accountability.”</p>"
            '<p>The full report is available on the <a href="https://www.nao.org.uk/reports/">National Audit Office website</a>.</p>'
        ),
        "authors": ["tom-okafor"],
        "tags": ["National Audit Office", "Shared Services", "ERP", "Government IT"],
        "days_ago": 560,
        "status": "published",
        "related": ["patient-records-programme-slips-again"],
        "updates": [
            {
                "days_after": 2,
                "kind": "correction",
                "note": "An earlier version of this article said the programme was £270m over budget. The correct figure, as set out in the NAO report, is <em>£220m</em>.",
            },
        ],
    },
    # 7
    {
        "slug": "smes-g-cloud-share",
        "title": "Small firms’ share of G-Cloud spending edges up, but a few suppliers still dominate",
        "standfirst": "Analysis of published sales data suggests SMEs are winning more cloud work from the public sector, though most of it goes to a small group of them.",
        "body": (
            "<p>Small and medium-sized businesses won about 38% of spending through the G-Cloud framework in the last financial year, up from 34% the year before, according to our analysis of published sales figures.</p>"
            "<p>The numbers suggest that the framework, set up to make it easier for public bodies to buy cloud hosting, software and support, remains one of the more accessible routes into government work for smaller firms. But the spending is concentrated: the 20 largest SME suppliers accounted for more than half of all SME revenue.</p>"
            "<p>Several smaller suppliers told us the hardest part was not getting onto the framework, but being noticed by buyers once they were there.</p>"
            "<blockquote><p>“You can be listed for two years and never hear from anyone,” said Kirsty Mallory, founder of a six-person data consultancy in Leeds. “The contracts we’ve won have all come from buyers who already knew us from meetups or previous projects.”</p></blockquote>"
            "<p>Buyers, for their part, say they are wary of awarding work to firms without a public-sector track record, particularly for services that handle personal data.</p>"
            "<h2>What could help</h2>"
            '<ul><li>Better search and filtering on the <a href="https://www.applytosupply.digitalmarketplace.service.gov.uk/">Digital Marketplace</a>.</li>'
            "<li>More use of short, low-value discovery contracts so buyers can try new suppliers.</li>"
            "<li>Prompt payment terms that flow down to subcontractors.</li></ul>"
            "<p>The Crown Commercial Service says it is reviewing how buyers search the framework as part of its next iteration.</p>"
        ),
        "authors": ["ruth-abernethy"],
        "tags": ["SMEs", "G-Cloud", "Procurement", "Government IT"],
        "days_ago": 520,
        "status": "published",
        "related": [],
        "updates": [],
    },
    # 8
    {
        "slug": "open-standards-document-formats-councils",
        "title": "Councils urged to adopt open document formats when publishing",
        "standfirst": "",
        "body": (
            "<p>A group of council IT leaders has called on local authorities to publish documents in open formats by default, arguing that residents should not need particular software to read a planning notice or a committee report.</p>"
            "<p>The call, made in a short paper from a regional network of council digital officers, follows the approach taken by central government, which adopted open standards for sharing and viewing documents several years ago. Central departments are expected to publish in HTML where possible and to use the OpenDocument Format for editable documents.</p>"
            "<p>The paper finds that many councils still publish large numbers of documents only as scanned PDFs, which are hard to search and often inaccessible to people using screen readers.</p>"
            "<h2>Cost and lock-in</h2>"
            "<p>The authors argue that open standards also strengthen councils’ hand when negotiating software licences, because documents and data can be moved between products more easily.</p>"
            "<blockquote><p>“Open standards aren’t about any particular product,” said Owen Tregarthen, head of digital at a county council in the south-west and one of the paper’s authors. “They’re about making sure the council, not the supplier, decides when to change systems.”</p></blockquote>"
            '<p>The paper recommends that councils start with new content, publish web pages rather than attachments where they can, and write open-format requirements into future software contracts. The government’s <a href="https://www.gov.uk/government/publications/open-standards-principles">open standards principles</a> are suggested as a starting point.</p>'
        ),
        "authors": ["ruth-abernethy"],
        "tags": ["Open Standards", "Government IT", "Local Government", "ICT"],
        "days_ago": 495,
        "status": "published",
        "related": [],
        "updates": [],
    },
    # 9
    {
        "slug": "happy-new-year-from-campaign4change",
        "title": "Happy New Year from Campaign4Change: the stories that shaped our year",
        "standfirst": "A look back at twelve months of mutuals, missed deadlines and the slow work of changing how public services are bought and run.",
        "body": (
            "<p>Thank you to everyone who read, shared, argued with and sent us tips over the past year. Here is a short look back at the themes that kept coming up, and at what we will be watching in the year ahead.</p>"
            "<h2>Mutuals growing up</h2>"
            "<p>Several of the organisations we first wrote about as hopeful spin-outs are now well into their first contracts. Some have gone looking for partners to help them bid for new work; others have discovered how thin the margins are in care and community health. We will keep following how they fare at retender, which is where the model is really tested.</p>"
            "<h2>Big IT, familiar problems</h2>"
            "<p>It would not be a year on this site without large programmes running late. Patient-records projects, ERP consolidations and shared service centres all featured, and the recurring causes — underestimated data migration, unclear ownership, optimistic business cases — will be familiar to long-standing readers.</p>"
            "<h2>Who gets the work</h2>"
            "<p>We also spent time on who wins public contracts, from small firms on G-Cloud to councils choosing to bring services back in-house. The coming year brings new procurement rules, and we want to know whether they make any practical difference to smaller suppliers and social enterprises.</p>"
            "<p>As ever, if you work in or with the public sector and have a story to tell, please get in touch. Our very best wishes for the new year.</p>"
        ),
        "authors": ["helen-marsh", "tom-okafor"],
        "tags": ["Round-up", "Mutuals", "Government IT"],
        "days_ago": 455,
        "status": "published",
        "related": [
            "pathfinder-mutual-launches-tender-for-partner",
            "patient-records-programme-slips-again",
            "nao-finds-shared-services-erp-overrun",
        ],
        "updates": [],
    },
    # 10
    {
        "slug": "agile-benefits-system-lessons",
        "title": "What a benefits service learned from delivering in small pieces",
        "standfirst": "A team rebuilding a benefits claims service dropped its single big launch in favour of weekly releases. Its delivery lead explains what changed.",
        "body": (
            "<p>A team rebuilding an online claims service for a working-age benefit started out with a familiar plan: design the whole thing, build it, and switch over on a fixed date. Two years later the service is released in small increments every week, and the people running it say they would not go back.</p>"
            "<p>Speaking at a public-sector delivery conference, the service’s delivery lead, Hannah Achterberg, described how the team abandoned its big-bang launch after early user research showed that many claimants struggled with questions nobody had expected to be difficult.</p>"
            "<blockquote><p>“We had a beautiful design for a process that didn’t match how people’s lives actually work,” she said. “Putting a small part in front of real claimants told us more in a fortnight than months of specification had.”</p></blockquote>"
            "<h2>What the team changed</h2>"
            "<ul><li>New features are released to a small share of claimants first, then widened.</li>"
            "<li>Policy colleagues sit with the delivery team rather than handing over requirements.</li>"
            "<li>Funding is agreed for a stable team over time, not for a fixed list of features.</li></ul>"
            "<p>Ms Achterberg was candid about the difficulties. Assurance processes designed for large waterfall projects were slow to adapt, and the team had to persuade approval boards that a working service with fewer features was better than a complete design on paper.</p>"
            '<p>The approach follows the government’s <a href="https://www.gov.uk/service-manual">Service Manual</a>, which asks teams to move through discovery, alpha and beta stages and to test with users throughout.</p>'
        ),
        "authors": ["tom-okafor"],
        "tags": ["Agile", "Benefits", "Digital Government", "Government IT"],
        "days_ago": 430,
        "status": "published",
        "related": ["nao-finds-shared-services-erp-overrun"],
        "updates": [],
    },
    # 11
    {
        "slug": "contractor-data-breach-council-payroll",
        "title": "Payroll contractor confirms data breach affecting staff at four councils",
        "standfirst": "",
        "body": (
            "<p>A company that provides payroll processing to several local authorities has confirmed that personal details of around 9,000 council employees were exposed after an attacker gained access to one of its file transfer servers.</p>"
            "<p>The data included names, addresses, National Insurance numbers and, for some staff, bank details. The company says there is no evidence that any money has been taken, but it is offering affected employees two years of credit monitoring.</p>"
            "<p>Four councils have written to staff confirming they were affected. One of them, Hollinsford Borough Council, said it was told of the incident only eight days after the contractor discovered it.</p>"
            "<blockquote><p>“We expect to be told immediately when something like this happens, and we will be raising that with the company,” said Graham Petrakis, the council’s director of corporate services.</p></blockquote>"
            '<p>The company has reported the breach to the <a href="https://ico.org.uk/">Information Commissioner’s Office</a> and says it has taken the affected server offline, reset credentials and brought in an external incident-response firm.</p>'
            "<h2>Questions for the contract</h2>"
            "<p>The incident raises questions about how councils oversee data security in outsourced services. Under data protection law the councils remain controllers of their employees’ data, so they carry responsibility even where the processing is done by a supplier. Several unions have asked to see the security schedules in the contracts.</p>"
        ),
        "authors": ["ruth-abernethy"],
        "tags": ["Data Protection", "Outsourcing", "Cyber Security", "Local Government"],
        "days_ago": 400,
        "status": "published",
        "related": ["council-brings-revenues-and-benefits-back-in-house"],
        "updates": [
            {
                "days_after": 5,
                "kind": "update",
                "note": 'The contractor now says around 11,500 employees were affected after a fifth council was identified. The ICO has <a href="https://ico.org.uk/for-the-public/">general advice</a> for people whose data has been exposed.',
            },
        ],
    },
    # 12
    {
        "slug": "mutuals-briefing-updated",
        "title": "We have updated our Mutuals Briefing",
        "standfirst": "Our guide to public service mutuals now includes new sections on pensions, procurement rules and what happens when a first contract ends.",
        "body": (
            "<p>We have published a revised edition of the Campaign4Change Mutuals Briefing, our free guide for staff, managers and commissioners thinking about setting up or working with a public service mutual.</p>"
            "<p>The briefing began as a response to the steady stream of questions we received after writing about the Cabinet Office’s Pathfinder mutuals. It draws on our reporting and on conversations with people who have been through the process, and it tries to be honest about the risks as well as the opportunities.</p>"
            "<h2>What’s new</h2>"
            "<ul><li>A section on pensions, covering admitted-body status and access to the NHS Pension Scheme.</li>"
            "<li>An explanation of how recent changes to procurement rules affect reserved contracts and direct awards.</li>"
            "<li>Case notes on three mutuals that have reached the end of their first contract, including one that lost it.</li>"
            '<li>An updated reading list, with links to guidance on <a href="https://www.gov.uk/government/collections/public-service-mutuals">GOV.UK</a>.</li></ul>'
            "<p>We have also removed material that is now out of date, including references to support programmes that have closed.</p>"
            "<p>The briefing is not legal or financial advice, and anyone considering a spin-out should take professional advice early. But we hope it helps people ask the right questions. If you spot something we have got wrong, or think something is missing, please tell us and we will fix it in the next edition.</p>"
        ),
        "authors": ["helen-marsh"],
        "tags": ["Mutuals", "Mutuals Briefing", "Mutual Pathfinders", "Cabinet Office"],
        "days_ago": 370,
        "status": "published",
        "related": ["pathfinder-mutual-launches-tender-for-partner"],
        "updates": [],
    },
    # 13
    {
        "slug": "health-mutual-first-year-results",
        "title": "Community health mutual reports surplus and lower staff turnover in first year",
        "standfirst": "Eastbrook Community Health has published its first annual report since leaving the NHS trust that used to host it.",
        "body": (
            "<p>The staff-owned social enterprise that took over community health services in Eastbrook has reported a small surplus and falling staff turnover in its first full year as an independent organisation.</p>"
            "<p>Eastbrook Community Health’s annual report shows income of £59.4m and a surplus of £0.6m, which the board says will be reinvested in training and in a new digital rostering system. Staff turnover fell from 16% in the final year under the trust to 12%, and sickness absence was also slightly down.</p>"
            "<blockquote><p>“A year ago people were nervous about leaving the NHS family. The fact that fewer colleagues are leaving tells us that having a real voice matters,” said Dr Aled Pryce, now the organisation’s medical director.</p></blockquote>"
            "<h2>Not all good news</h2>"
            "<p>The report is open about the pressures. Waiting times for children’s therapy services have grown, and the organisation has struggled to recruit district nurses in rural parts of the county. It also notes that 71% of staff took up their £1 share, fewer than the board had hoped.</p>"
            "<p>The integrated care board, which commissions the services, said the organisation had met most of its contractual targets and that therapy waiting times would be discussed at the next contract review.</p>"
            "<p>One year is too short to judge whether the mutual model is delivering better care, and the first contract runs for five years. But the results will be watched closely by other community services teams considering a similar route.</p>"
        ),
        "authors": ["ruth-abernethy", "helen-marsh"],
        "tags": ["Mutuals", "NHS", "Community Health", "Employee Ownership"],
        "days_ago": 340,
        "status": "published",
        "related": [
            "community-health-staff-prepare-spin-out",
            "staff-vote-to-form-adult-social-care-mutual",
        ],
        "updates": [
            {
                "days_after": 4,
                "kind": "update",
                "note": 'Eastbrook Community Health has clarified that the surplus is stated before a one-off pension adjustment; its full accounts can be found at <a href="https://find-and-update.company-information.service.gov.uk/">Companies House</a>.',
            },
        ],
    },
    # 14
    {
        "slug": "procurement-reform-what-changes-for-suppliers",
        "title": "New procurement rules: what changes for small suppliers and social enterprises",
        "standfirst": "The overhaul of public procurement law promises simpler processes and more transparency. We look at what it means in practice.",
        "body": (
            "<p>The new public procurement regime replaces a tangle of separate regulations with a single framework, and ministers have promised that it will make it easier for small businesses and social enterprises to win public contracts. Suppliers we spoke to are cautiously optimistic, but say the detail will matter.</p>"
            "<h2>The main changes</h2>"
            "<ul><li>A central digital platform where suppliers register once and where notices are published.</li>"
            "<li>A “competitive flexible procedure” that lets buyers design their own process.</li>"
            "<li>A focus on the “most advantageous tender” rather than the lowest price.</li>"
            "<li>Stronger transparency requirements, including publication of information on contract performance.</li></ul>"
            "<p>For smaller firms, the biggest potential gain is less duplication. Many say they spend as much effort on repeated supplier questionnaires as on the bids themselves.</p>"
            "<blockquote><p>“If registering once really means registering once, that alone will save us weeks a year,” said Femi Adeyemi, commercial director of a 40-person software company that sells to councils.</p></blockquote>"
            "<p>There are concerns too. The flexible procedure could produce very different processes from one buyer to the next, which may favour larger suppliers with bid teams able to cope with the variation. Social enterprises also want clearer guidance on how buyers should weigh social value.</p>"
            '<p>The Cabinet Office has published <a href="https://www.gov.uk/government/collections/procurement-act-2023-guidance-documents">guidance for buyers and suppliers</a>, and we will be tracking how the rules are applied over their first year.</p>'
        ),
        "authors": ["tom-okafor"],
        "tags": ["Procurement", "SMEs", "Cabinet Office", "Social Value"],
        "days_ago": 300,
        "status": "published",
        "related": ["smes-g-cloud-share"],
        "updates": [],
    },
    # 15
    {
        "slug": "committee-grills-officials-over-it-contracts",
        "title": "MPs question officials over repeated delays to major IT programmes",
        "standfirst": "",
        "body": (
            "<p>Senior officials faced a difficult session before the Public Accounts Committee this week, as MPs asked why large technology programmes continue to run late and over budget despite years of reviews and new controls.</p>"
            "<p>The hearing followed a string of critical reports from the National Audit Office, including one on the Unity shared services programme. Members pressed witnesses on why lessons identified in earlier reports appeared not to have been acted on.</p>"
            "<h2>Legacy systems and skills</h2>"
            "<p>Much of the discussion focused on the number of ageing systems still running critical services, and on the difficulty of recruiting and keeping experienced technical staff. One witness told the committee that several departments relied heavily on contractors for skills that should be held in-house.</p>"
            "<blockquote><p>“We know what good looks like. The problem is doing it consistently across many organisations, each with its own pressures,” said Eleanor Strachan, a senior civil servant responsible for digital standards across government.</p></blockquote>"
            "<p>MPs also asked about contract terms with large suppliers, and whether departments had the commercial expertise to manage them. Witnesses acknowledged that some contracts signed a decade ago had limited the government’s ability to change suppliers or reuse its own data.</p>"
            '<p>The committee is expected to publish its report in the autumn. A recording of the session is available from <a href="https://committees.parliament.uk/committee/127/public-accounts-committee/">the committee’s website</a>.</p>'
        ),
        "authors": ["tom-okafor"],
        "tags": ["Public Accounts Committee", "Government IT", "Outsourcing", "Cabinet Office"],
        "days_ago": 270,
        "status": "published",
        "related": [
            "nao-finds-shared-services-erp-overrun",
            "patient-records-programme-slips-again",
        ],
        "updates": [],
    },
    # 16
    {
        "slug": "cyber-security-councils-ransomware",
        "title": "Councils told to prepare for ransomware as attacks disrupt local services",
        "standfirst": "A survey of council IT leaders finds most have tested their backups, but far fewer have rehearsed how services would run during a long outage.",
        "body": (
            "<p>Most councils in England have tested whether they can restore their data from backups, but fewer than half have rehearsed how frontline services would keep running if their systems were unavailable for weeks, according to a survey of local authority IT leaders.</p>"
            "<p>The survey, carried out by a network of council technology officers, received responses from 112 authorities. It follows several attacks in which councils were left unable to process benefit claims, planning applications or social care records for extended periods.</p>"
            "<ul><li>81% said they had tested restoring critical systems from backup in the past year.</li>"
            "<li>44% had run an exercise simulating an outage lasting several weeks.</li>"
            "<li>Only a third said their main suppliers were included in incident-response planning.</li></ul>"
            "<blockquote><p>“Recovering the data is only half the problem. The hard part is working out how to pay carers and protect vulnerable children when the case management system has gone,” said Nadia Kowalczyk, who coordinated the survey.</p></blockquote>"
            "<p>Respondents said cyber security budgets remained tight, and that recruiting specialists was difficult when councils competed with private-sector salaries. Many rely on shared arrangements with neighbouring authorities or on support from national bodies.</p>"
            '<p>The <a href="https://www.ncsc.gov.uk/">National Cyber Security Centre</a> publishes guidance on preparing for and responding to ransomware, including exercises that small teams can run for themselves.</p>'
        ),
        "authors": ["ruth-abernethy"],
        "tags": ["Cyber Security", "Local Government", "ICT"],
        "days_ago": 240,
        "status": "published",
        "related": ["contractor-data-breach-council-payroll"],
        "updates": [],
    },
    # 17
    {
        "slug": "social-value-in-contracts",
        "title": "Social value in contracts: box-ticking or a real lever for change?",
        "standfirst": "Public bodies are expected to weigh the wider benefits of the contracts they award. Mutuals and social enterprises say the practice is uneven.",
        "body": (
            "<p>Public bodies have been expected to consider social value — the wider economic, social and environmental benefits of a contract — for more than a decade, and central government now gives it a minimum weighting when evaluating many tenders. But suppliers say the way it is applied varies widely.</p>"
            "<p>For employee-owned mutuals and social enterprises, which often see their wider contribution as central to what they do, social value ought to be an advantage. In practice, several told us that large suppliers have become adept at producing polished commitments, such as apprenticeships and volunteering days, that are hard to compare and rarely checked afterwards.</p>"
            "<blockquote><p>“We reinvest every penny of surplus locally and we’re owned by the people who deliver the service. That counts for about as much as a big firm promising to paint a community centre,” said Lorna Whitfield, chief executive of a care mutual in the north-east.</p></blockquote>"
            "<h2>Measuring what matters</h2>"
            "<p>Commissioners acknowledge the problem. Some councils now ask for fewer, more specific commitments tied to local priorities, and build monitoring into contract management so that promises made at tender stage are followed up.</p>"
            "<ul><li>Set out the outcomes that matter locally before the tender is written.</li>"
            "<li>Ask for commitments that can be measured and reported on.</li>"
            "<li>Review delivery at regular contract meetings, not just at renewal.</li></ul>"
            '<p>The government’s <a href="https://www.gov.uk/government/publications/procurement-policy-note-0620-taking-account-of-social-value-in-the-award-of-central-government-contracts">social value model</a> sets out the themes central departments use when evaluating bids.</p>'
        ),
        "authors": ["helen-marsh"],
        "tags": ["Social Value", "Procurement", "Mutuals", "Outsourcing"],
        "days_ago": 205,
        "status": "published",
        "related": [
            "procurement-reform-what-changes-for-suppliers",
            "health-mutual-first-year-results",
        ],
        "updates": [],
    },
    # 18
    {
        "slug": "digital-government-lessons-from-further-east",
        "title": "What Whitehall can learn from digital government further east",
        "standfirst": "",
        "body": (
            "<p>Discussions of digital government in the UK tend to look to Estonia, Denmark or Singapore. A new comparative study suggests Whitehall might also learn something from countries whose systems are rarely discussed in English-language debate.</p>"
            "<p>The report, by a group of academic researchers, examines national citizen service portals in several countries of eastern Europe and central Asia, drawing mainly on Russian-language sources and official statistics. Several of these portals now let citizens apply for documents, register businesses and pay fines through a single account, with high reported usage.</p>"
            "<h2>Common foundations</h2>"
            "<p>The researchers identify a handful of shared features:</p>"
            "<ul><li>A single digital identity used across nearly all public services.</li>"
            "<li>Base registers for people, addresses and businesses that services are required to reuse.</li>"
            "<li>Strong central mandates, sometimes backed by law, requiring agencies to connect to the portal.</li></ul>"
            "<p>They are careful to note that the political context is very different, and that the centralisation which makes services convenient can also raise serious concerns about surveillance and privacy. High usage figures, they add, partly reflect the closing of paper alternatives.</p>"
            "<blockquote><p>“The lesson isn’t to copy the model. It’s that shared registers and identity are infrastructure, and someone has to be responsible for them,” said Dr Irina Sokolova, one of the study’s authors.</p></blockquote>"
            '<p>The UK has been working towards a single sign-in for government services through <a href="https://www.gov.uk/using-your-gov-uk-one-login">GOV.UK One Login</a>. The report argues that identity on its own achieves little without reliable shared data behind it.</p>'
        ),
        "authors": ["ruth-abernethy"],
        "tags": ["Digital Government", "Цифровое правительство", "Government IT"],
        "days_ago": 170,
        "status": "published",
        "related": ["agile-benefits-system-lessons"],
        "updates": [],
    },
    # 19
    {
        "slug": "pathfinder-mutuals-revisited",
        "title": "The Pathfinder mutuals revisited: who thrived and who struggled",
        "standfirst": "We went back to several of the early mutuals that received Cabinet Office support to see how their first contracts turned out.",
        "body": (
            "<p>When the Cabinet Office set up its Pathfinder mutuals programme, the idea was that a small group of early adopters would test the model and show others the way. We contacted several of those organisations to find out what happened next.</p>"
            "<p>The picture is more varied than either supporters or critics predicted. Of the organisations we were able to trace, most are still trading and several have grown, winning contracts from neighbouring councils and NHS commissioners. A few have merged with larger social enterprises, and at least one lost its contract at retender and was wound up.</p>"
            "<h2>What made the difference</h2>"
            "<p>Those that did well tended to share some characteristics:</p>"
            "<ul><li>A commissioner willing to offer a contract long enough to justify investment.</li>"
            "<li>Early work on diversifying income rather than relying on one customer.</li>"
            "<li>Leaders with commercial experience alongside professional expertise.</li></ul>"
            "<blockquote><p>“The first three years were about surviving. It was only when we won work outside our original council that we felt like a real business,” said Marcus Fenwick, managing director of the youth services mutual whose search for a partner we covered at the time.</p></blockquote>"
            "<p>Those that struggled often cited short contracts, sudden cuts in commissioners’ budgets or difficulty raising finance. Some said support fell away just when they most needed it, in the months after the initial spin-out.</p>"
            "<p>We will draw on these conversations in the next edition of our Mutuals Briefing, and will return to individual organisations in future articles.</p>"
        ),
        "authors": ["helen-marsh"],
        "tags": ["Mutuals", "Mutual Pathfinders", "Cabinet Office", "Employee Ownership"],
        "days_ago": 140,
        "status": "published",
        "related": [
            "pathfinder-mutual-launches-tender-for-partner",
            "mutuals-briefing-updated",
            "health-mutual-first-year-results",
        ],
        "updates": [],
    },
    # 20
    {
        "slug": "shared-services-partnership-dissolves",
        "title": "Three-council shared services partnership to be wound up",
        "standfirst": "",
        "body": (
            "<p>Three district councils that have shared IT, HR and finance services for almost a decade are to end their partnership, after one of them decided to go its own way and the other two concluded that the arrangement was no longer viable on a smaller scale.</p>"
            "<p>The partnership was once held up as an example of how smaller authorities could cut back-office costs by pooling staff and systems. Its business case promised savings of around £2m a year across the three councils, and an independent review found that most of these were achieved in the early years.</p>"
            "<p>But reports to the councils describe growing tension over how costs were split, slow decision-making, and disagreement about replacing the shared finance system, which is nearing the end of its supported life.</p>"
            "<blockquote><p>“Shared services work when partners want the same things at the same pace. Over time that stopped being true,” said Philippa Danvers, chief executive of Kestrel Vale District Council, the first authority to give notice.</p></blockquote>"
            "<h2>What happens next</h2>"
            "<p>Each council will take back its share of staff, with IT infrastructure the most complex part of the separation. Two of the councils are considering buying some services from a neighbouring county, while the third plans to procure a cloud-based finance system on its own.</p>"
            "<p>Observers say the break-up does not mean shared services have failed, but that governance needs to anticipate change from the start. Separation costs are estimated at £1.4m, to be split between the three authorities.</p>"
        ),
        "authors": ["tom-okafor", "ruth-abernethy"],
        "tags": ["Shared Services", "Local Government", "Insourcing", "ICT"],
        "days_ago": 95,
        "status": "published",
        "related": [
            "council-brings-revenues-and-benefits-back-in-house",
            "nao-finds-shared-services-erp-overrun",
        ],
        "updates": [],
    },
    # 21
    {
        "slug": "nhs-trust-extends-it-outsourcing",
        "title": "Hospital trust extends IT outsourcing deal while it plans a new records system",
        "standfirst": "A two-year extension buys time for a patient-records procurement that the trust admits has taken longer than expected.",
        "body": (
            "<p>A large acute hospital trust in the south of England has extended its IT infrastructure outsourcing contract by two years, saying it needs the time to complete the procurement of a new electronic patient record before changing how its technology is supported.</p>"
            "<p>Board papers show the extension is worth about £34m and covers data centre hosting, desktop support and network management. The original contract, signed seven years ago, was due to expire next spring.</p>"
            "<p>The trust says that running a new infrastructure procurement at the same time as selecting and implementing a patient-records system would have created too much risk, both for clinical services and for a small in-house IT team.</p>"
            "<blockquote><p>“We’d rather change one big thing at a time,” said Colin Merriweather, the trust’s chief information officer. “Once the new record system is settled, we’ll look at the whole infrastructure model, including what we bring back in-house.”</p></blockquote>"
            '<p>The extension was awarded without a new competition, which the trust says is permitted under the terms of the original contract. A notice has been published on <a href="https://www.find-tender.service.gov.uk/">Find a Tender</a>.</p>'
            "<p>Critics argue that repeated extensions of this kind can leave organisations dependent on incumbent suppliers. The trust says the extended contract requires the supplier to document its systems and support an eventual handover, and that it has also secured a modest reduction in annual charges.</p>"
        ),
        "authors": ["tom-okafor"],
        "tags": ["NHS", "Outsourcing", "Government IT", "Electronic Patient Records"],
        "days_ago": 0,
        "status": "published",
        "related": [
            "patient-records-programme-slips-again",
            "committee-grills-officials-over-it-contracts",
        ],
        "updates": [],
    },
    # 22 (draft)
    {
        "slug": "how-many-mutuals-survive",
        "title": "How many public service mutuals survive their first contract?",
        "standfirst": "",
        "body": (
            "<p>One of the questions we are asked most often is how many public service mutuals are still trading several years after they spin out. It is a surprisingly hard question to answer.</p>"
            "<p>There is no single official register of mutuals, and organisations change their names, merge and alter their legal forms over time. To build a picture, we have been cross-checking lists published by government and sector bodies against Companies House and charity records.</p>"
            "<p>Our early findings suggest that the large majority of mutuals that spun out in the first wave are still operating in some form. Survival appears highest among community health organisations, which tend to be larger and hold longer contracts, and lowest among small council teams providing discretionary services such as libraries and youth work.</p>"
            "<h2>Caveats</h2>"
            "<ul><li>Survival is not the same as success: some organisations are trading but have shrunk considerably.</li>"
            "<li>Mergers make it hard to say whether an organisation has “survived”.</li>"
            "<li>Our data on the most recent spin-outs is incomplete.</li></ul>"
            "<p>We would like to hear from anyone who works for, or used to work for, a mutual and can help us check our figures.</p>"
        ),
        "authors": ["helen-marsh"],
        "tags": ["Mutuals", "Employee Ownership", "Spin-outs"],
        "status": "draft",
        "related": [],
        "updates": [],
    },
    # 23 (draft)
    {
        "slug": "are-spend-controls-still-working",
        "title": "Are spend controls still doing their job?",
        "standfirst": "Departments and suppliers disagree about whether central checks on technology spending still do what they were designed to do.",
        "body": (
            "<p>Central controls on technology spending were introduced to stop departments signing large, inflexible IT contracts without scrutiny. More than a decade on, departments and suppliers have mixed views about whether they still work as intended.</p>"
            "<p>Supporters say the controls changed behaviour. Departments now expect to justify spending against clear standards, to break work into smaller contracts and to show that they have considered reusing existing components before building or buying new ones.</p>"
            "<p>Critics argue that the process has become slow and unpredictable. Some digital leaders told us that approval for modest pieces of work can take months, and that the criteria applied seem to differ depending on who reviews a case.</p>"
            "<blockquote><p>“The principle is right. What we need is faster answers for low-risk work and more attention on the genuinely risky programmes,” said one departmental chief technology officer, who asked not to be named.</p></blockquote>"
            "<p>The Cabinet Office has said it keeps the process under review. We are gathering examples from both sides, including cases where a control stopped a poor decision and cases where it delayed a sensible one, and would welcome views from people who have been through the process recently.</p>"
        ),
        "authors": ["tom-okafor"],
        "tags": ["Cabinet Office", "Government IT", "Spend Controls"],
        "status": "draft",
        "related": [],
        "updates": [],
    },
    # 24 (draft)
    {
        "slug": "councils-trial-ai-assistants",
        "title": "Councils experiment with AI assistants for residents’ enquiries",
        "standfirst": "",
        "body": (
            "<p>A growing number of councils are piloting AI-powered assistants to answer residents’ questions about bin collections, council tax and parking permits, in the hope of freeing contact centre staff for more complex calls.</p>"
            "<p>Early results are mixed. Councils running pilots report that assistants handle simple, well-documented questions reasonably well, but can struggle with local exceptions and occasionally give confident answers that are simply wrong.</p>"
            "<h2>Safeguards</h2>"
            "<ul><li>Limiting assistants to information already published on the council’s website.</li>"
            "<li>Making it easy to reach a person at any point in the conversation.</li>"
            "<li>Reviewing a sample of conversations every week.</li></ul>"
            "<blockquote><p>“It’s useful for the questions we get a thousand times a week. We’re not letting it anywhere near anything involving vulnerable residents,” said Tariq Bellingham, customer services manager at a unitary authority in the Midlands.</p></blockquote>"
            '<p>Data protection is another concern. Councils need to understand where conversation data is stored and whether suppliers use it to train their models. The Information Commissioner’s Office has published <a href="https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/artificial-intelligence/">guidance on AI and data protection</a> that several pilots have drawn on.</p>'
        ),
        "authors": ["ruth-abernethy"],
        "tags": ["Local Government", "Digital Government", "Artificial Intelligence"],
        "status": "draft",
        "related": [],
        "updates": [],
    },
    # 25 (scheduled)
    {
        "slug": "mutuals-conference-preview",
        "title": "Preview: what to expect at this year’s public service mutuals conference",
        "standfirst": "Commissioners, mutual leaders and policy specialists meet next week to discuss finance, retendering and the new procurement rules.",
        "body": (
            "<p>Next week’s annual gathering of public service mutuals comes at an interesting moment. Many organisations that spun out in the first wave are approaching the end of their contracts, and new procurement rules change the options open to the commissioners who buy their services.</p>"
            "<h2>On the agenda</h2>"
            "<ul><li>A session on retendering, with mutual leaders who have both won and lost contracts.</li>"
            "<li>A panel of commissioners on how they assess social value in practice.</li>"
            "<li>Workshops on access to finance and on governance as mutuals grow.</li></ul>"
            "<p>Organisers say bookings are up on last year, with a noticeable increase in delegates from NHS community services and from councils exploring spin-outs for the first time.</p>"
            "<blockquote><p>“The conversation has moved on from whether mutuals can work to how they can grow and last,” said Rebecca Hollings, who chairs the organising committee.</p></blockquote>"
            "<p>We will be reporting from the conference, and will be listening closely to what officials say about future government support for the sector. If you are attending and would like to talk to us, please get in touch.</p>"
        ),
        "authors": ["helen-marsh"],
        "tags": ["Mutuals", "Events", "Cabinet Office", "Procurement"],
        "days_ago": -6,
        "status": "scheduled",
        "related": [],
        "updates": [],
    },
]
