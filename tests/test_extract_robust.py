"""Casualty phrasings in the styles of ACLED notes, GTD summaries and wire stories (headline +
dateline + attribution): the document summary's killed / injured figures.

Each case is (text, killed, injured); None for injured means "not checked" (a vague
amount such as "scores were injured" has no exact figure). Like the benchmark scorer, a
null summary figure counts as 0 ("the attack left no casualties").
"""
from __future__ import annotations

import pytest

from observatory.extract.pipeline import extract

CASES = [
 # ACLED notes
 ("On 5 March 2023, Al Shabaab militants attacked a military base in Bulo Marer (Lower Shabelle), killing 3 civilians. 2 others were injured.", 3, 2),
 ("On 12 June 2022, unidentified gunmen shot dead a village chief in Gao region. Fatalities: 1.", 1, None),
 ("On 2 February 2021, ISWAP fighters ambushed a convoy near Damboa, killing 7 soldiers, as were three officers of the Civilian JTF.", 10, None),
 ("On 18 April 2020, a roadside bomb struck a minibus near Kandahar. Nine people lost their lives and 14 were injured.", 9, 14),
 ("On 9 May 2019, armed men raided the village of Ogossagou; the dead included 11 women and 4 children.", 15, None),
 ("On 30 July 2018, JNIM attacked an army post in Boulkessi. Among the dead were 6 soldiers and 2 gendarmes.", 8, None),
 ("On 3 January 2024, Fulani militia attacked Mangu LGA, leaving 25 people dead and 40 injured.", 25, 40),
 ("On 14 August 2023, the attack left no casualties, according to local sources.", 0, 0),
 ("On 21 September 2022, one person died after police fired live rounds at protesters in Conakry.", 1, None),
 ("On 11 November 2021, unknown assailants killed 4 and wounded 6 in an attack on a bar in Beni.", 4, 6),
 ("On 6 October 2020, a suicide bomber blew himself up at a checkpoint in Mogadishu. Twenty-three were confirmed dead.", 23, None),
 ("On 8 March 2017, clashes between two clans in Galkayo left a toll of 12 dead.", 12, None),
 ("On 14 March 2019, an unknown number of fatalities were reported after JNIM attacked an army camp in Dioura (Mopti). Fatalities coded as 10.", 10, None),
 # GTD summaries
 ("03/14/2016: Assailants opened fire on a checkpoint in Diyala governorate, Iraq, killing four people and wounding two others.", 4, 2),
 ("07/02/2015: An explosive device detonated near a market in Maiduguri, Borno state, Nigeria. At least ninety-nine people were killed and scores were injured in the blast.", 99, None),
 ("11/23/2014: Gunmen attacked a bus in Mandera county, Kenya, killing twenty-eight passengers.", 28, None),
 ("01/09/2013: A car bomb exploded outside a police station in Quetta, Pakistan. Sixty-seven people were killed, including 20 police officers, and 100 others were injured.", 67, 100),
 ("05/27/2012: Assailants set fire to houses in a village in Plateau state. A dozen residents died in the attack.", 12, None),
 ("09/04/2011: A landmine struck a vehicle near Bossaso, killing a dozen civilians and injuring three.", 12, 3),
 ("06/19/2018: Militants stormed a school in Kabul; the death toll stands at eighty-one, with scores more wounded.", 81, None),
 # wire
 ("Bomb kills 14 at Pakistan market\nPESHAWAR, Pakistan (Reuters) - A bomb ripped through a crowded market in the northwestern city of Peshawar on Friday, killing 14 people and wounding 30, police said.", 14, 30),
 ("Nigeria: 20 killed, 15 hurt in bandit raid\nGUSAU, Nigeria (AP) - Bandits killed 20 villagers and injured 15 in Zamfara state, a police spokesman told The Associated Press.", 20, 15),
 ("BAGHDAD (AFP) - Twin suicide bombings in central Baghdad killed 31 and wounded 94 on Monday, the health ministry said.", 31, 94),
 ("ADEN, Yemen (Reuters) - Five soldiers were killed, as were two civilians, when a car bomb hit a checkpoint, officials said.", 7, None),
 ("KABUL (AP) - Eleven people lost their lives when a rocket hit a wedding party, a provincial spokesman said.", 11, None),
 ("DAMASCUS (SANA) - Terrorists fired shells at residential neighbourhoods, leaving eight people dead and 23 injured, the agency said.", 8, 23),
 ("MOGADISHU (Reuters) - At least 12 people were confirmed dead after the blast, police said, and dozens were injured.", 12, None),
 ("MAIDUGURI, Nigeria (AP) - The attack left no casualties among the troops, the army said.", 0, None),
 ("GAO, Mali (AFP) - One person died and four were wounded when a mine exploded under a bus, the governor said.", 1, 4),
 ("KHARTOUM (Reuters) - Paramilitary shelling killed 40 and wounded 120 in El Fasher, medics said.", 40, 120),
 ("JUBA (AFP) - Cattle raiders killed forty-five people in Jonglei state, a local official said. The dead included 12 women and 9 children.", 45, None),
 ("KINSHASA (Reuters) - ADF rebels killed thirty-three civilians in Ituri, the army said; among the dead were seven children.", 33, None),
 ("ISLAMABAD (AP) - A blast at a rally killed a dozen people, police said. Scores were wounded.", 12, None),
 ("LAGOS (Reuters) - Gunmen killed 15 people, bringing the toll from a week of attacks to 60, officials said.", 15, None),
 ("BAMAKO (AFP) - 17 killed, 30 hurt as gunmen attack bus in central Mali.", 17, 30),
 ("TRIPOLI (Reuters) - Shelling of a migrant centre left ninety-two people dead and dozens wounded.", 92, None),
 ("QUETTA, Pakistan (AP) - Police said 7 people died and 12 others sustained injuries in the blast.", 7, 12),
 ("On 4 April 2022, the blast claimed the lives of 18 people, including three children.", 18, None),
 ("MOSUL (AFP) - Eight policemen and a civilian were killed when a bomb exploded, officials said.", 9, None),
 ("The death toll has risen to 34, with 60 wounded, the health ministry said.", 34, 60),
 ("On 12 July 2021, two people were killed and another injured when gunmen fired on a car in Tillaberi.", 2, 1),
 ("At least 10 people, among them four women, were killed in the raid on Tuesday.", 10, None),
 ("10/02/2019: Assailants attacked a village in Ituri. Fourteen villagers were hacked to death.", 14, None),
 ("The militants killed seventy-two people and injured more than ninety-nine in the assault.", 72, 99),
 ("03/15/2019: An explosion at a mosque killed two dozen worshippers.", 24, None),
 ("3 killed, 7 injured in Quetta blast\nQUETTA (Reuters) - A bomb hit a police van on Monday.", 3, 7),
 ("On 1 March 2020, five civilians died of their injuries in hospital after an air strike on Maarat al-Numan.", 5, None),
 ("The casualties were 4 dead and 9 wounded, the Red Crescent said.", 4, 9),
 ("Gunmen shot and killed a police officer and his son in Kirkuk on Friday.", 2, None),
 ("Eleven people were reported dead after the ferry was shelled, a local official said.", 11, None),
 ("On 7 June 2021, an IED exploded near a patrol in Kidal; no one was hurt.", 0, 0),
 ("On 8 June 2021, the bodies of 13 men were found in a ditch near Tabaco.", 13, None),
 ("Suspected jihadists attacked the town on Sunday, killing at least 8 and injuring dozens.", 8, None),
 ("At least 9 people have been killed and 25 wounded in the attack, police said.", 9, 25),
 ("Sixteen soldiers lost their lives while 20 others sustained injuries in the ambush.", 16, 20),
 ("The attack claimed 6 lives, according to the local authorities.", 6, None),
 ("The number of dead stood at 40 on Sunday, the Red Cross said.", 40, None),
 ("The number of people killed rose to 19 on Monday, hospital sources said.", 19, None),
 ("On 2 May 2023, armed men attacked a wedding in Zamfara, killing one and wounding three.", 1, 3),
 ("On 9 September 2022, unidentified gunmen killed a dozen people, as well as three soldiers who came to their aid.", 15, None),
 ("Scores of people were injured and 11 killed when police opened fire on protesters.", 11, None),
 ("On 17 May 2022, JNIM militants attacked a gendarmerie post in Seytenga, resulting in 9 fatalities.", 9, None),
 ("On 3 June 2021, unidentified armed men attacked civilians in Solhan. Fatalities: 132.", 132, None),
 ("On 26 August 2020, police fired tear gas at demonstrators in Bamako. No casualties were reported.", 0, 0),
 ("On 9 October 2019, a suicide bomber detonated a vest at a mosque in Nangarhar, resulting in the death of 3 civilians and injuries to 5 others.", 3, 5),
 ("On 11 January 2022, bandits killed a child and injured his mother in Kankara.", 1, 1),
 ("On 2 March 2023, a herder was shot dead and two others sustained gunshot wounds in Guma LGA.", 1, 2),
 ("On 14 February 2021, a district commissioner was killed along with two bodyguards in an ambush in Bulo Burto.", 3, None),
 ("06/12/2016: An assailant opened fire at a nightclub in Orlando, Florida. Forty-nine people were killed and fifty-three others were wounded. The assailant was also killed.", 49, 53),
 ("02/09/2015: A suicide bomber attacked a market in Potiskum. Sixty-five people, including the bomber, were killed.", 65, None),
 ("08/30/2014: Gunmen attacked a village, killing one hundred and twelve people.", 112, None),
 ("04/02/2015: Assailants stormed Garissa University College, killing nearly 150 students.", 150, None),
 ("BAGHDAD (Reuters) - A car bomb killed at least 4 people on Monday. The toll climbed to 11 after seven of the wounded died in hospital, police said.", 11, None),
 ("KABUL (AP) - Taliban fighters overran a checkpoint, killing 8 policemen. Five attackers were also killed, officials said.", 8, None),
 ("4 dead, 10 injured as truck bomb hits Somali checkpoint\nMOGADISHU (Reuters) - A truck bomb exploded at a checkpoint on Saturday, police said.", 4, 10),
 ("PESHAWAR (AFP) - Twelve soldiers were martyred in a militant attack in North Waziristan, the army said.", 12, None),
 ("SANAA (Reuters) - An air strike on a funeral hall killed over a hundred mourners, medics said.", 100, None),
 ("HOMS (SANA) - Nearly 200 people were injured and 15 killed in the twin blasts.", 15, 200),
 ("LAGOS (AP) - A police officer died of gunshot wounds after gunmen attacked a patrol in Lagos.", 1, None),
 ("ABUJA (Reuters) - Bandits killed 13 villagers and abducted 40 in Katsina state.", 13, None),
 ("DHAKA (AFP) - Two people were killed and 50 hurt in clashes between police and protesters.", 2, 50),
 ("On 22 April 2023, a roadside bomb killed two soldiers and wounded another in Kidal region.", 2, 1),
 ("On 6 May 2022, Amhara militia killed twenty-one people in Gimbi, among them six women and three children.", 21, None),
 ("On 20 June 2020, an IED targeting a FAMa convoy killed a soldier; four were wounded.", 1, 4),
 ("On 30 December 2021, the attack killed 11 people. The victims were 7 civilians and 4 members of a local militia.", 11, None),
 ("KANO (AP) - No one was killed in the explosion, but 3 people were injured, police said.", 0, 3),
 ("On 1 July 2018, gunmen killed a village head and his two sons in Zurmi.", 3, None),
 ("CAIRO (Reuters) - Militants killed seven Coptic Christians, wounding 14 others, the interior ministry said.", 7, 14),
 ("MARAWI (AFP) - A sniper killed one soldier and injured five, the military said.", 1, 5),
 ("On 4 May 2022, Al Shabaab attacked an AMISOM base in El Baraf, resulting in the deaths of 4 soldiers. Fatalities unknown for Al Shabaab.", 4, None),
 ("On 10 October 2021, a FAMa soldier was killed and 3 others were injured when their vehicle hit an IED near Boni.", 1, 3),
 ("On 15 March 2020, unidentified gunmen killed 2 people (including 1 child) in Djibo.", 2, None),
 ("On 8 July 2019, 3 bodies were found with gunshot wounds in Bambari.", 3, None),
 ("On 22 August 2023, around 10 fatalities were reported after clashes between two militias in Tawergha.", 10, None),
 ("On 1 January 2022, Wagner forces and FAMa killed a civilian in Moura.", 1, None),
 ("12/24/2015: Assailants detonated explosives at a church. The attack killed 5 people, including the perpetrator.", 5, None),
 ("10/30/2014: At least 3 people were killed, including two assailants, and 10 others were injured in the attack.", 3, 10),
 ("04/11/2017: Assailants attacked a checkpoint in Sinai. Eight police officers were killed and two perpetrators were also killed.", 8, None),
 ("BEIRUT (AP) - A suicide bombing killed at least 43 people and wounded more than 100 in a southern suburb, officials said.", 43, None),
 ("KABUL (Reuters) - The death toll from Sunday's bombing at a Kabul school climbed to 57, officials said on Monday.", 57, None),
 ("PESHAWAR (AFP) - Three policemen died on the spot when gunmen opened fire on their van, officials said.", 3, None),
 ("BAGHDAD (AP) - A car bomb killed 8 people, including 5 children, in a market in Sadr City.", 8, None),
 ("ISTANBUL (Reuters) - The blast killed the bomber and two bystanders, the governor said.", 2, None),
 ("ABUJA (AP) - Gunmen abducted 30 students and killed a teacher in a raid on a school in Kaduna state.", 1, None),
 ("NAIROBI (Reuters) - Police shot dead four suspected militants in Mombasa, a police statement said.", 4, None),
 ("DAMASCUS (AFP) - Regime air strikes killed 23 civilians, among them 6 children, in Eastern Ghouta, the Observatory said.", 23, None),
 ("SANAA (AP) - A drone strike killed five suspected al-Qaida militants in Shabwa province, security officials said.", 5, None),
 ("MOGADISHU (AP) - At least seven people died and more than 20 others were wounded in the blast, police said.", 7, 20),
 ("KANDAHAR (Reuters) - Thirty-one people, mostly women and children, were killed when a bus hit a roadside bomb.", 31, None),
 ("On 3 November 2021, protesters clashed with police in Khartoum; 2 protesters were killed and 15 were injured.", 2, 15),
 ("On 16 April 2022, clashes between two communities in Pibor left 11 people dead.", 11, None),
 ("On 27 June 2020, a landmine explosion killed a shepherd and wounded his son near Tal Tamr.", 1, 1),
 ("LAHORE (AP) - A bomb blast at a park killed at least 72 people, including 29 children, and wounded over 300, police said.", 72, 300),
 ("DAMASCUS (Reuters) - Some 14 displaced villagers and members of the Kurdish-led Syrian Democratic Forces have been killed in shelling near Raqqa.", 14, None),
 ("QUETTA (AFP) - The driver was killed as were three police officers. Fifty-three people were injured in the attack.", 4, 53),
 ("BAMAKO (Reuters) - The group released a video showing the execution of two Malians accused of spying for France.", 2, None),
 ("MAKURDI (AP) - Police confirmed the murder of three farmers in Benue state on Sunday.", 3, None),
 # a numbered phrase with a verb of its own is another clause, not a coordinated victim
 ("Nine bodies have been confirmed dead while over 6,000 people have been rendered homeless in two villages.", 9, None),
 ("Five people were killed and 6,000 people were left homeless by the fighting.", 5, None),
 # a single victim with an adjective and a participle after it
 ("MOGADISHU (Reuters) - Gunmen have shot dead a female journalist working for the state radio, police said.", 1, None),
 # "killing and arresting 16": "and" is no article, so no victim
 ("After killing and arresting 16 persons accused of belonging to a cell, security operations continue.", 0, None),
 # "them": the numbered people named before it in the sentence
 ("Gunmen abducted five aid workers near the camp on Monday and later killed them, officials said.", 5, None),
 ("Fighters captured 4 soldiers at the outpost and executed them.", 4, None),
 ("Police arrested 3 suspects and released them the next day.", 0, None),
 ("Five gunmen stormed the village at dawn and then killed them all.", 0, None),
 # single persons listed before a numbered part add to it
 ("A village chief, his wife and three sons have been shot dead in their home, police said.", 5, None),
 ("The driver, a teacher and 12 pupils were killed when the bus hit a landmine.", 14, None),
 ("In Hodeida, eight people were killed and 10 were wounded when a shell hit a market.", 8, 10),
 ("Unknown assailants killed the dean of the law faculty at the university and two of her children.", 3, None),
 ("A mayoral candidate was killed by gunfire along with four other party members in an ambush.", 5, None),
 ("A soldier was killed by militants and two others were wounded in the raid.", 1, 2),
 ("Rebels attacked and killed a priest and his colleague after the burial of two villagers.", 2, None),
 # headlines drop articles and auxiliaries
 ("Ukrainian soldier killed in Donbas conflict zone", 1, None),
 ("UPDATE 1-Soldier killed in east Ukraine despite truce with rebels: military", 1, None),
 ("Army shelling kills militiaman - separatist command", 1, None),
 ("Four Ukrainian soldiers killed in war-torn east: military", 4, None),
 ("Gunman killed after shootout with police", 0, None),
 ("Woman dies in hospital after shelling of her street - agency", 1, None),
 ("Kurdish official reportedly tortured to death by rebels near Afrin", 1, None),
 ("Village chief beheaded by militants in Cabo Delgado", 1, None),
 ("One Ukrainian soldier KIA, three reports of enemy shelling in Donbas over last 24 hours - JFO", 1, None),
 ("Spokesperson confirms death of four soldiers in Donetsk region", 4, None),
 # a small toll "in the conflict" is one incident's; a day's tally is not a war's
 ("Five killed in eastern Ukraine conflict", 5, None),
 ("5 servicemen killed since the beginning of the day - separatist command", 5, None),
 ("More than 300,000 people have been killed in the Syrian conflict.", 0, None),
 ("Some 500 people died in the conflict, the UN said.", 0, None),
 # quotation marks inside the victims' phrase
 ("More than 35 members of the “Islamic State” organization were killed during the past 24 hours.", 35, None),
 ("Troops shell rebel-held settlement, militiaman killed, says defence ministry", 1, None),
 ("Ukrainian soldier reported killed in Donbas", 1, None),
 ("One woman dies, another injured in shelling of Lugansk", 1, 1),
 # a modal of another clause does not make the claim hypothetical
 ("Officials say the rebels will pay as missiles kill 23 soldiers at a base", 23, None),
 ("The militants could kill as many as 100 people if they attack the town.", 0, None),
 ("Warplanes kill grandfather, his daughter and his grandson in a village near Idlib", 3, None),
 ("Kabul death toll rises to 28: ministry", 28, None),  # a colon after a number is no clock time
 ("Fighting that began at 10:30 killed 4 people.", 4, None),
 ("Gunmen opened fire on a checkpoint; a policeman suffered gunshot wounds.", 0, 1),
 # "displaced" describing the victims is no second status
 ("A car bombing killed at least 26 displaced people in eastern Syria on Friday.", 26, None),
 # toll phrasings
 ("Air strikes raised the number killed in 24 hours of bombardment on the city to 45.", 45, None),
 ("The death toll in 24 hours rose to 45, the monitor said.", 45, None),
 # the person before "of" is the victim ("the muezzin of a mosque", not the mosque)
 ("The muezzin of a mosque was found butchered by suspected jihadists.", 1, None),
 ("The mayor of the town was shot dead on Sunday, police said.", 1, None),
 # a death that motivates the event is background, not one of its casualties
 ("Students marched in the capital to protest the killing of three classmates by police.", 0, None),
 ("The attacks were a response to the murder of Camilo Catrillanca, who was shot dead by police.", 0, None),
 ("The child who was killed was buried on Monday.", 1, None),
 # an attempted assassination killed nobody
 ("Officials called the blasts an attempted assassination of the finance minister.", 0, None),
 # a body found, with the auxiliary left out
 ("The mayor was kidnapped on Tuesday and his body found some hours later in a ravine.", 1, None),
 # the head of a subject comes before its relative clause
 ("A tribal elder from Zabul who had been accused by the insurgents of spying for the government for many years was killed along with his wife and two other people.", 4, None),
 # a verb before a casualty noun is the status ("succumbed to injuries" is a death)
 ("Three days after the attack, 3 succumbed to injuries in hospital.", 3, 0),
 ("Police confirmed the death of a 35-year-old man in the shooting.", 1, None),
 # a wounded person who then died is one death
 ("Orhan Mercan, the party's deputy head in the district, was shot in front of his home by gunmen and died of his wounds in hospital.", 1, 0),
 ("A soldier was wounded in the attack and later died in hospital.", 1, 0),
 ("A soldier was wounded and a civilian died.", 1, 1),
 ("Many sufferers had no apparent external injuries and died.", 0, None),
 # ages are no counts, and a day after the verb is no victim
 ("Three children aged 5 were killed in the shelling.", 3, None),
 ("Three children, aged 5, 7 and 9, were killed.", 3, None),
 ("Two men aged 40 and 45 were shot dead.", 2, None),
 ("Four people aged between 20 and 30 were killed.", 4, None),
 ("Ten children and five women were killed. The children aged from four to 10 and women were killed Thursday in barrel bomb strikes.", 15, None),
 # an earlier event told as background once the report has its own incident
 ("A suicide bomber killed four people on Sunday in an attack on a hospital. The attack came as the monitor reported that troops had executed 48 people earlier this week in a northern village.", 4, None),
 ("Gunmen killed 5 villagers on Monday. Last week, 12 people were killed in a nearby village.", 5, None),
 ("Twenty people were killed earlier this week in an attack on a market, officials said.", 20, None),
 # a toll since the fighting began is cumulative
 ("Three people were killed on Monday, bringing the total death toll since the clashes began to 58.", 3, None),
 # a comma may close the victims' phrase before its verb (headline lists), never an adjective's
 ("Five troops, 19 civilians, killed in east Ukraine: officials", 24, None),
 ("At least 25 Taliban fighters, including a senior commander of the group, were killed in clashes.", 25, None),
 ("The assailants cut the throats of 18 people, wounded two others and kidnapped 10 women.", 18, 2),
 ("Ana Maria Cortes, 46, was murdered in the northeast of the country.", 1, None),
 # a cumulative toll with a part between commas stays out of the summary
 ("At least 625 people, including more than 100 civilians, have been killed since the beginning of the fighting.", 0, None),
 # present-tense killing verbs of headlines and chronologies; "the murder a judge committed" is a noun
 ("Rebels murder a judge in the capital", 1, None),
 ("Gunmen shoot dead a policeman in Kashmir", 1, None),
 ("Militants behead 5 villagers in Cabo Delgado", 5, None),
 ("IS executes two men in Raqqa", 2, None),
 ("Police said the murder a judge committed in 1990 was solved.", 0, None),
 # plurals in -men are no single victim; more headline singles
 ("Landmine kills Ukrainian servicemen in separatist east: Kiev military", 0, None),
 ("Gunmen killed two policemen and a tribesman.", 3, None),
 ("Ukrainian military violates ceasefire 18 times in past week, killing militiaman - LPR militia", 1, None),
 ("Rally in town urges troops to leave after combat vehicle kills 8-year-old - TV", 1, None),
 ("Female civilian wounded in shelling attack dies - mission", 1, 0),
 ("Soldier, wounded during shelling attacks on July 15, dies in Dnipropetrovsk region", 1, 0),
 ("Soldier wounded in Donbas", 0, 1),
 ("DPR rescuer killed in shelling while putting out fire", 1, None),
 # a toll word far from its number, with a toll verb right before it
 ("The death toll from an attack late on Thursday by Islamic militants on a seaside restaurant in the Somali capital has risen to 6, police said.", 6, None),
 ("The death toll was not immediately known, but officials said the attack was one of 3 in the city this month.", 0, None),
 # a victim coordinated after another's clause has a verb of its own
 ("A soldier was killed and a policeman was wounded in the attack.", 1, 1),
 ("A government official was killed and a district administrator wounded on Thursday in an ambush.", 1, 1),
 ("The mayor was gunned down by assailants and a municipal worker was wounded in the attack.", 1, 1),
 ("Gunmen killed a farmer and a teacher was abducted.", 1, 0),
 ("It was the first time such a high number was killed in the villages.", 0, None),
 ("The attack killed two people. Nine others were left with serious injuries.", 2, 9),
 ("A senior police officer was killed and the injury of another police officer and a conscript late Wednesday.", 1, 2),
 ("The clashes caused injuries of the attacker's side.", 0, 0),
 # injuries named as a noun, or the place the injured were brought to
 ("The shelling resulted in the death of a paramedic and the injury of three health workers.", 1, 3),
 ("Fifteen people were killed in a crush at the stadium. 12 others were brought in with injuries.", 15, 12),
 ("Five people were admitted to hospital with injuries after the blast.", 0, 5),
 # the lead gives the dead, a later sentence of the same story the first figure of the wounded
 ("Gunmen killed 14 villagers in an attack on a market on Saturday, a police spokesman said. "
  "The attackers arrived on motorcycles at about dawn. Residents fled into the bush. "
  "Shops and houses were set on fire. Six other people were injured.", 14, 6),
 # ... but not when it comes many sentences later (another incident, background)
 ("Gunmen killed 14 villagers in an attack on a market on Saturday, a police spokesman said. "
  "The attackers arrived on motorcycles at about dawn. Residents fled into the bush. "
  "Shops and houses were set on fire. The army was deployed. Schools were closed. "
  "Elections are due next year. The region has seen attacks before. Six people were injured in a raid.", 14, 0),
 # the victims between the verb and its ending: "burned 12 people alive", "stoned a woman to death"
 ("Militants burned 12 people alive in a church in the village.", 12, None),
 ("On 11 May 2021, Boko Haram burned alive 5 women in Borno.", 5, None),
 ("On 28 April 2020, residents attacked and burned alive a man accused of witchcraft in Kasese.", 1, None),
 ("A mob burned a suspected thief to death in Kampala on Sunday.", 1, None),
 ("A mob stoned a woman to death in Mogadishu.", 1, None),
 ("Villagers beat two men to death after a dispute over cattle.", 2, None),
 ("Rescuers pulled a child alive from the rubble; the strike had killed 4 people.", 4, None),
 ("Soldiers burned 20 houses and killed 3 villagers.", 3, None),
 # the people counted as abducted, named again as the victims, hostages or their bodies
 ("10/10/2019: Unknown assailants abducted two civilians in Beni. The victims were later found dead.", 2, None),
 ("Gunmen abducted two farmers in Zamfara. Their bodies were later found in a forest.", 2, None),
 ("Militants abducted 12 soldiers in Sinai. The hostages were released a day later.", 0, None),
 ("Militants abducted 12 soldiers in Sinai. The hostages were later found alive.", 0, None),
 ("Gunmen abducted a trader. All of them were killed.", 0, None),
 # South Asian incident timelines: "(SPO)" after the victim, "(FC)" inside the subject
 ("Militants shot dead a former Special Police Officer (SPO) at his residence in Pulwama District on June 20.", 1, None),
 ("A Trooper of the Frontier Corps (FC) was killed and another injured when unidentified militants opened fire on their vehicle in Turbat.", 1, 1),
 ("A district chief of Afghan intelligence service the National Directorate of Security (NDS) in Nadi Ali of Helmand province was killed when an IED exploded.", 1, None),
 # headlines: a bare person noun, "Member of ... killed", a war's toll "since start of"
 ("Ukraine opera singer killed in separatist east", 1, None),
 ("Member of emergencies service's bomb disposal squad killed in clearance of landmines near pumping station in Donetsk region, two persons wounded - Interior ministry", 1, 2),
 ("More than 9,000 killed since start of Ukraine conflict: UN", 0, None),
 # a toll raised over many days is a running tally; a toll of two or three days of fighting is the episode's
 ("A new massacre carried out by warplanes in Deir Ezzor raises the civilian death toll to 191 in 6 days", 0, None),
 ("Clashes killed 12 people on Monday, raising the toll to 40 in three days.", 12, None),
 ("Shelling killed 5 civilians, raising to 120 the number of people killed since the ceasefire agreement.", 5, None),
 ("At least 30 people were killed in three days of fighting in Tripoli.", 30, None),
 ("Over 1,000 people were killed in two days of clashes near Latakia.", 1000, None),
 # one figure for the killed and the injured together is no death toll
 ("Massacres of the Eastern Ghouta claim the lives of 32 civilians today, raising to about 2750 the number of killed and injured civilians", 32, None),
 ("More than 15 persons were killed and injured in rocket shelling on a neighborhood in Aleppo city", 0, 15),
 # tallies since a weekday or since an offensive began; another attack "hours after" which this one came
 ("At least 11 civilians were killed Thursday in regime barrel bomb attacks on Al-Bab. Since Saturday at least 68 civilians have been killed in aerial attacks on the town.", 11, None),
 ("Fighting killed 5 soldiers on Friday. A total of 37 government fighters and 101 militants have been killed since the regime launched its offensive for Tabaqa.", 5, None),
 ("At least 19 people were killed near the Syrian capital on Tuesday just hours after a suspected chemical gas attack left dozens dead in Khan Sheikhun.", 19, None),
 ("They said the autopsy was performed late Wednesday, hours after the monk was pronounced dead at a hospital. The abbot was killed last month.", 1, None),
 # a page's counter before a sentence is no toll ("Get short URL 0 214 The number of ...")
 ("08.04.2017 Get short URL 0 214 The number of civilians killed by the airstrike in Raqqa has risen to 20, media reported.", 20, None),
 # "N of whom": the set before it is not a second toll, and an aside "two of whom were children" is a part
 ("Gunmen opened fire on a group of visitors, killing one and injuring 11. The visitors included two border guards, one of whom was killed in the attack.", 1, 11),
 ("Five soldiers and three civilians, two of whom were children, were killed.", 8, None),
 # the attacker's own death: apart from the victims, the toll when it is the only one
 ("A student hijacked a small aircraft and flew it into the side of a tower in Tampa. Only the perpetrator was killed, and there were no injuries.", 1, 0),
 ("The shooter was killed by police after he opened fire at a mall, killing 3.", 3, None),
 # shot in a limb is wounded; "was said to have been"; a place inside the subject
 ("During the kidnapping, the gunmen murdered the deputy director. A lady passenger in the vehicle was said to have been shot in the leg and abandoned at the scene.", 1, 1),
 ("Two men were shot in the legs by gunmen at a market.", 0, 2),
 ("A soldier at the checkpoint was killed.", 1, None),
 # revisions before the toll word, and estimates the report moves on from
 ("Officials initially said 10 people were killed in the blast, but later revised the toll to 7.", 7, None),
 ("At least 3 people were killed and 10 injured. Earlier reports had put the toll at 5 dead.", 3, 10),
 ("Initial reports said 5 people died in the attack.", 5, None),
 # Nigerian press style: the figure in words, then in digits
 ("Ten (10) persons were killed when gunmen attacked Kwanar Dutse village.", 10, None),
 ("Gunmen killed eleven (11) worshippers and injured twenty-three (23) others.", 11, 23),
 # headline lists: a numbered group, then a single victim with or without an article; a family with no article
 ("Two policemen, civilian killed in Kashmir gunfight", 3, None),
 ("Three children, a woman killed in Gaza strike", 4, None),
 ("Yemen: Airstrike kills family of six in Saada", 6, None),
 ("Gunmen killed a town mayor and two other people and wounded the mayor's wife in the northern Philippines.", 3, 1),
 # single persons named among the dead, with no number: parts of the toll before them, else one each
 ("Gunmen attacked a village on Sunday. The dead included a girl and her father.", 2, None),
 ("Among the dead was a police officer.", 1, None),
 ("Gunmen killed 5 people in the market. Among the dead was a police officer.", 5, None),
 # the wounded who "suffered from suffocation"/"burns" are no second death toll; a toll that "surpasses" a figure
 ("Three civilians were killed and more than twenty others suffered from suffocation after the barrel bomb attack.", 3, 20),
 ("Get short URL 215 The death toll of a terrorist attack near Aleppo surpasses 130 people.", 130, None),
 # "including" far after the toll in its sentence still introduces its parts
 ("Eleven people were killed in a series of overnight shootings in the Marikana informal settlement, Philipi district, in Cape Town, police said Saturday, including four victims shot dead when gunmen opened fire in a bar.", 11, None),
 # the wounded who died later add to the dead
 ("Gunmen opened fire at a wedding party in Silo camp. Five people were killed instantly, and 25 were wounded. 21 were taken to Nyala Hospital, where one victim died.", 6, 25),
 ("Five people were killed and 10 injured. Two of the injured later died in hospital.", 7, 10),
 ("Ten people were killed in the blast. Ten people died, police said.", 10, None),
 # "the deadliest attack since its civil war ended a decade ago": the reference point's time, not the toll's
 ("COLOMBO (Reuters) - Bombs ripped through churches and hotels on Easter Sunday, killing 207 people and wounding 450 in the deadliest attack in the country since its civil war ended a decade ago. Among the dead were at least 35 foreigners.", 207, 450),
 # a war's toll with a clause between the war and its verb
 ("KHARTOUM (Reuters) - Paramilitaries attacked a village on Wednesday, killing at least 104 people, activists said. The war between the army and the RSF, which erupted in April last year, has killed more than 15,000 people according to UN estimates.", 104, None),
 # parts of the wounded: "among the injured", "three of them seriously" after a vague toll
 ("Two children were among the injured.", 0, 2),
 ("Twenty people were wounded. Two children were among the injured.", 0, 20),
 ("Ten people were killed and dozens injured, three of them seriously.", 10, 0),
 # a tally since an event ("since the UN Security Council passed a resolution") is a running count
 ("Barrel bombs killed 10 people on Saturday, the Observatory said. They were the latest of more than 7000 people killed across Syria since the UN Security Council passed a resolution.", 10, None),
 # a tally since a day and month is a running count
 ("Since 24 February, OHCHR has recorded 1,424 civilian casualties in the country: 516 killed and 908 injured.", 0, 0),
 # hostages between the verb and "hostage" are kidnapped, never killed
 ("Gunmen took 12 people hostage at a hotel and killed 2 guards.", 2, None),
 ("Gunmen took a priest hostage after a death threat.", 0, None),
 # military statements: "neutralised", "eliminated" terrorists are killed
 ("The army said its troops neutralised 35 terrorists in Borno on Sunday.", 35, None),
 ("Burkinabe forces eliminated about 50 terrorists near Djibo, the army said.", 50, None),
 ("Twenty terrorists were neutralized during the operation.", 20, None),
 ("The army eliminated 3 checkpoints in the area.", 0, None),
 # the wounded "rushed to" or "admitted to" hospital
 ("Five people were killed and 12 others were rushed to hospital.", 5, 12),
 ("At least 30 people were admitted to hospital after the blast.", 0, 30),
 # a body found, in a list entry or headline with no article
 ("Mosul: body found, shot, tortured.", 1, None),
 ("Body of a man found in Mosul", 1, None),
 ("No body found yet, police said.", 0, None),
 # "both" counts two, unless it opens "both X and Y"
 ("08/14/2015: Assailants threw acid on two schoolgirls in Kandahar, Afghanistan. Both victims were injured.", 0, 2),
 ("Gunmen shot a teacher and his son in Quetta. Both died on the way to hospital.", 2, None),
 ("Both soldiers were killed when a mine exploded near their vehicle.", 2, None),
 ("A bomb hit a bus. Both the driver and a passenger were killed.", 2, None),
 ("Two soldiers were killed in the blast. Both were from Kano.", 2, None),
 # "other" adds to a toll after a verb of its own, not inside the list that makes up the toll
 ("Troops fired grenades that killed a family of four, then shot and killed two other civilians in the town.", 6, None),
 ("Gunmen invaded two communities killing at least five people. Two village heads, the chairman of a vigilante group and two other persons were killed.", 5, None),
 # "another" single victim adds one, even when the figures are equal
 ("An ambulance came under shelling, resulting in the death of the medical doctor on board. A second ambulance was attacked, resulting in the death of another paramedic.", 2, None),
 # a death that motivates the event, or one told as the day before's, is not the report's own
 ("Local militia executed nine civilians in retribution for Al-Shabaab killing a policeman.", 9, None),
 ("A Philippine mayor was fatally shot Tuesday afternoon, one day after a gunman killed another mayor in the north.", 1, None),
 # a numbered part inside the toll's own phrase ("including ... his two guards")
 ("Three people including a tribal leader and his two guards were killed in an explosion.", 3, None),
 # an aside "both ..." about people counted before it restates them
 ("Two soldiers, both from Kano, were killed.", 2, None),
 ("A teacher and his son, both residents of the town, were killed.", 2, None),
 ("Officials warned of violence in the state of Jalisco, where two indigenous brothers, both members of the Huichol tribe and leaders in a battle for restitution of indigenous land from local ranchers, were shot dead.", 2, None),
 ("Two soldiers (both from Kano) were killed.", 2, None),
 ("Both sides suffered casualties in the fighting near the town.", 0, None),
]


@pytest.mark.parametrize("text,killed,injured", CASES, ids=[c[0][:48] for c in CASES])
def test_summary_figures(text, killed, injured):
    s = extract(text, geocoder=None).to_dict()["summary"]
    assert (s["killed"]["best"] or 0) == killed
    if injured is not None:
        assert (s["injured"]["best"] or 0) == injured


def test_parts_after_a_digit_toll_are_parts():
    """"7 civilians, including 2 children, were killed": 7, of whom 2 children (not 9)."""
    d = extract("7 civilians, including 2 children, were killed.", geocoder=None).to_dict()
    assert d["summary"]["killed"]["best"] == 7
    assert d["summary"]["killed_by_group"]["children"]["best"] == 2
    part = [c for c in d["claims"] if c["group"] == "children"][0]
    assert part["part_of"] == 0


def test_toll_over_many_attacks_is_cumulative():
    d = extract("Gunmen killed 15 people, bringing the toll from a week of attacks to 60, officials said.",
                geocoder=None).to_dict()
    scopes = {c["value"]: c["scope"] for c in d["claims"]}
    assert scopes == {15: "incident", 60: "cumulative"}
    # a revised toll of the same attack still counts
    d = extract("Three more victims died in hospital, bringing the death toll to 25.", geocoder=None).to_dict()
    assert d["summary"]["killed"]["best"] == 25


@pytest.mark.parametrize("text,killed,low", [
    ("Forty-four people were killed.", 44, 44),
    ("Seventy seven people were killed.", 77, 77),
    ("Ninety-Nine people were killed.", 99, 99),
    ("Eighty-eight civilians lost their lives.", 88, 88),
    ("One hundred and five people were killed.", 105, 105),
    ("Half a dozen soldiers were killed.", 6, 6),
    ("About half a dozen soldiers were killed.", 6, None),
    ("Two dozen people were killed.", 24, 24),
    ("A dozen were killed.", 12, 12),
    ("Scores of people were killed.", None, 20),
    ("Tens of people were killed.", None, 10),
])
def test_number_words_in_tolls(text, killed, low):
    k = extract(text, geocoder=None).to_dict()["summary"]["killed"]
    assert k["best"] == killed
    if low is not None:
        assert k["low"] == low


@pytest.mark.parametrize("text,killed", [
    ("No fewer than 200 civilians might have lost their lives in the massacre.", 200),
    ("Up to 30 people may have been killed in the raid, officials said.", 30),
    ("Militants may have killed 12 villagers, residents said.", 12),
    ("The bomb could have killed hundreds.", None),
    ("The group threatened to kill 50 hostages.", None),
])
def test_uncertain_past_counts_are_not_hypothetical(text, killed):
    """"might/may have died": an uncertain count of what happened (incident scope);
    "could have killed", threats and plans stay hypothetical."""
    assert extract(text, geocoder=None).to_dict()["summary"]["killed"]["best"] == killed


@pytest.mark.parametrize("text,killed,injured", [
    ("The blast killed the mayor's driver, another passenger and two pedestrians, 6 others were wounded.", 4, 6),
    ("Gunmen killed a guard and two villagers, 5 others were injured.", 3, 5),
    ("Gunmen killed a guard, his son and two farmers in Jos.", 4, None),
    ("Gunmen killed a teacher, his family said.", 1, None),
    ("Gunmen killed a teacher, a police spokesman said.", 1, None),
    ("Four women, two men were killed.", 6, None),
])
def test_victim_lists_keep_their_own_status(text, killed, injured):
    """A comma list after "killed ..." stays killed; the "6 others were wounded" after it does
    not pass its status back; "his family said" is a source, not a victim."""
    s = extract(text, geocoder=None).to_dict()["summary"]
    assert (s["killed"]["best"] or 0) == killed
    if injured is not None:
        assert (s["injured"]["best"] or 0) == injured
