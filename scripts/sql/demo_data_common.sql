-- =====================================================================================
-- Demo data generator, part 1: parameters, deterministic randomness, formatting helpers
-- and reference lists. Run by scripts/generate_demo_data.py, which sets the variables
--   seed, as_of (DATE), history_days, tail_days, n_customers
-- with SET VARIABLE before running the parts in order.
--
-- Day numbers: every generated date is an integer "day" counted from the history
-- start (day 0 = as_of - history_days); the as-of date is day history_days and data
-- run until day history_days + tail_days (rows after the as-of date are valid but
-- out of scope for that as-of date).
-- =====================================================================================

-- Deterministic pseudo-random numbers in [0, 1): a hash of (seed, entity keys, purpose).
-- Never random(): its sequence depends on thread scheduling.
create or replace macro u(a, p) as (hash(getvariable('seed'), a, p) % 1000000) / 1000000.0;
create or replace macro u2(a, b, p) as (hash(getvariable('seed'), a, b, p) % 1000000) / 1000000.0;
create or replace macro u3(a, b, c, p) as (hash(getvariable('seed'), a, b, c, p) % 1000000) / 1000000.0;
create or replace macro u4(a, b, c, d, p) as (hash(getvariable('seed'), a, b, c, d, p) % 1000000) / 1000000.0;
-- Standard normal numbers (Box-Muller on two hashed uniforms).
create or replace macro z2(a, b, p) as
    sqrt(-2 * ln(1 - u2(a, b, p || ':r'))) * cos(2 * pi() * u2(a, b, p || ':t'));
create or replace macro z4(a, b, c, d, p) as
    sqrt(-2 * ln(1 - u4(a, b, c, d, p || ':r'))) * cos(2 * pi() * u4(a, b, c, d, p || ':t'));
-- One element of a list, uniformly from x in [0, 1).
create or replace macro pick(xs, x) as xs[1 + least(cast(floor(x * len(xs)) as bigint), len(xs) - 1)];

-- Calendar.
create or replace macro hist_start() as cast(getvariable('as_of') - cast(getvariable('history_days') as integer) as date);
create or replace macro last_day() as cast(getvariable('history_days') + getvariable('tail_days') as integer);
create or replace macro day_date(d) as cast(hist_start() + cast(d as integer) as date);
create or replace macro day_ts(d, sec) as
    cast(day_date(d) as timestamp) + to_seconds(cast(sec as bigint));
-- Text of a date-time `days` days before the as-of date at hh:mm:ss (edge-case rows).
create or replace macro ago(days, hms) as
    strftime(cast(getvariable('as_of') - cast(days as integer) as date), '%Y-%m-%d') || ' ' || hms;
create or replace macro ago_date(days) as cast(getvariable('as_of') - cast(days as integer) as date);

-- Identifiers. Widths grow with the data so that ids keep sorting as text.
create or replace macro cid(n) as
    'C' || lpad(cast(n as varchar), getvariable('customer_id_width'), '0');

-- Duplicate records of bulk person n (identity resolution): ~12 % of the bulk persons have
-- 1 to 3 extra records in other source systems (scripts/sql/demo_data_identity.sql).
create or replace macro dup_count(n) as case
    when n > getvariable('n_customers') or u(n, 'duplicate') >= 0.12 then 0
    when u(n, 'duplicate_count') < 0.55 then 1
    when u(n, 'duplicate_count') < 0.87 then 2
    else 3
end;

-- Raw-feed text of a UTC timestamp: mostly 'YYYY-MM-DD HH:MM:SS', a few other valid
-- forms (ISO with Z, ISO with a Paris offset, French day-first with or without time).
create or replace macro fmt_ts(ts, x) as case
    when x < 0.950 then strftime(ts, '%Y-%m-%d %H:%M:%S')
    when x < 0.965 then strftime(ts, '%Y-%m-%dT%H:%M:%SZ')
    when x < 0.980 then
        case when month(ts) between 4 and 10
            then strftime(ts + interval 2 hour, '%Y-%m-%dT%H:%M:%S') || '+02:00'
            else strftime(ts + interval 1 hour, '%Y-%m-%dT%H:%M:%S') || '+01:00'
        end
    when x < 0.993 then strftime(ts, '%d/%m/%Y %H:%M:%S')
    else strftime(ts, '%d/%m/%Y')
end;
-- Raw-feed text of a date (contracts): mostly ISO, a few day-first or with a time.
create or replace macro fmt_date(d, x) as case
    when d is null then null
    when x < 0.92 then strftime(d, '%Y-%m-%d')
    when x < 0.96 then strftime(d, '%d/%m/%Y')
    else strftime(d, '%Y-%m-%d') || ' 00:00:00'
end;
-- Amount with a dot decimal, about 1 % with a decimal comma ("19,90").
create or replace macro fmt_amount(a, x) as case
    when x < 0.01 then replace(cast(cast(a as decimal(18, 2)) as varchar), '.', ',')
    else cast(cast(a as decimal(18, 2)) as varchar)
end;
-- Currency: mostly EUR, a few 'eur' or ' EUR ' (valid after trimming/upper-casing).
create or replace macro fmt_currency(x) as case
    when x < 0.008 then 'eur'
    when x < 0.015 then ' EUR '
    else 'EUR'
end;
-- A retail-looking price: many end in .99 or .90.
create or replace macro shop_price(a, x) as case
    when x < 0.40 then floor(a) + 0.99
    when x < 0.60 then floor(a) + 0.90
    when x < 0.70 then round(a, 0)
    else round(a, 2)
end;
-- Postal code of a place (struct c, p, k, s of the city lists) in a country, from a uniform
-- x; Luxembourg codes without their optional 'L-' prefix.
create or replace macro postal_of(country, place, x) as case country
    when 'FR' then lpad(cast(cast(place.p + floor(x * place.k) * place.s as bigint) as varchar), 5, '0')
    when 'LU' then cast(place.p as varchar)
    else cast(cast(place.p + floor(x * place.k) * place.s as bigint) as varchar)
end;
-- A name folded the way a matcher compares names: lower case, no accents, letters only
-- ('Jean-Pierre' = 'JEAN PIERRE' = 'jeanpierre', 'Hélène' = 'Helene').
create or replace macro fold(x) as regexp_replace(strip_accents(lower(x)), '[^a-z]', '', 'g');
-- A phone number written in form f (0..6) of the feeds: French numbers
-- (lead digit + 8 digits) as '0X XX XX XX XX', '+33 X XX XX XX XX', '0XXXXXXXXX',
-- '0X.XX.XX.XX.XX', '+33XXXXXXXXX', '0033XXXXXXXXX', '+33 (0)X-XX-XX-XX-XX'; Belgian,
-- Swiss and Luxembourg mobiles spaced, compact or with a 00 prefix (f mod 3).
create or replace macro fmt_phone(country, lead, d, f) as case
    when country = 'BE' then case f % 3
        when 0 then '+32 4' || substr(d, 1, 2) || ' ' || substr(d, 3, 2) || ' ' || substr(d, 5, 2) || ' ' || substr(d, 7, 2)
        when 1 then '+324' || d
        else '0032 4' || substr(d, 1, 2) || ' ' || substr(d, 3, 2) || ' ' || substr(d, 5, 2) || ' ' || substr(d, 7, 2) end
    when country = 'CH' then case f % 3
        when 0 then '+41 7' || substr(d, 1, 1) || ' ' || substr(d, 2, 3) || ' ' || substr(d, 5, 2) || ' ' || substr(d, 7, 2)
        when 1 then '+417' || d
        else '0041 7' || substr(d, 1, 1) || ' ' || substr(d, 2, 3) || ' ' || substr(d, 5, 2) || ' ' || substr(d, 7, 2) end
    when country = 'LU' then case f % 3
        when 0 then '+352 6' || substr(d, 1, 2) || ' ' || substr(d, 3, 3) || ' ' || substr(d, 6, 3)
        when 1 then '+3526' || d
        else '00352 6' || substr(d, 1, 2) || ' ' || substr(d, 3, 3) || ' ' || substr(d, 6, 3) end
    when f = 0 then '0' || lead || ' ' || substr(d, 1, 2) || ' ' || substr(d, 3, 2) || ' ' || substr(d, 5, 2) || ' ' || substr(d, 7, 2)
    when f = 1 then '+33 ' || lead || ' ' || substr(d, 1, 2) || ' ' || substr(d, 3, 2) || ' ' || substr(d, 5, 2) || ' ' || substr(d, 7, 2)
    when f = 2 then '0' || lead || d
    when f = 3 then '0' || lead || '.' || substr(d, 1, 2) || '.' || substr(d, 3, 2) || '.' || substr(d, 5, 2) || '.' || substr(d, 7, 2)
    when f = 4 then '+33' || lead || d
    when f = 5 then '0033' || lead || d
    else '+33 (0)' || lead || '-' || substr(d, 1, 2) || '-' || substr(d, 3, 2) || '-' || substr(d, 5, 2) || '-' || substr(d, 7, 2)
end;
-- One typing mistake in a name (without its accents), never on the first letter: a letter
-- replaced, dropped, doubled or swapped with the next one (kind, position and letter from
-- three uniforms); the folded result is always at edit distance 1 from the folded name.
create or replace macro typo_at(t, p, kind_x, letter_x) as case
    when kind_x < 0.35 or (kind_x >= 0.85 and lower(substr(t, p, 1)) = lower(substr(t, p + 1, 1))) then
        left(t, p - 1)
        || pick(list_filter(['a', 'e', 'i', 'o', 'u', 'r', 'n', 's', 't', 'l'], ch -> ch <> lower(substr(t, p, 1))), letter_x)
        || substr(t, p + 1)
    when kind_x < 0.60 then left(t, p - 1) || substr(t, p + 1)
    when kind_x < 0.85 then left(t, p) || substr(t, p, 1) || substr(t, p + 1)
    else left(t, p - 1) || substr(t, p + 1, 1) || substr(t, p, 1) || substr(t, p + 2)
end;
create or replace macro typo(s, pos_x, kind_x, letter_x) as typo_at(
    strip_accents(s),
    -- a position from 2 to len - 1, moved back to 2 next to a hyphen, space or apostrophe
    case when regexp_matches(substr(strip_accents(s), cast(2 + floor(pos_x * greatest(length(s) - 2, 1)) as integer), 2), '^[A-Za-z]{2}$')
        then cast(2 + floor(pos_x * greatest(length(s) - 2, 1)) as integer) else 2 end,
    kind_x, letter_x);
-- A French street written another way: abbreviations of the street type and of
-- Saint/Sainte, Général/Maréchal (the spelling of some drawn from x).
create or replace macro abbreviate_street(street, x) as
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(street,
        '^rue ', case when x < 0.5 then 'r. ' else 'rue ' end),
        '^boulevard ', case when x < 0.7 then 'bd ' else 'bld ' end),
        '^avenue ', case when x < 0.6 then 'av. ' else 'ave ' end),
        '^place ', 'pl. '),
        '^chemin ', case when x < 0.5 then 'che. ' else 'ch. ' end),
        '^allée ', 'all. '),
        '^impasse ', 'imp. '),
        '^route ', 'rte '),
        '\bSainte-', 'Ste-'),
        '\bSaint-', 'St-'),
        '\bGénéral ', 'Gal '),
        '\bMaréchal ', 'Mal ');

-- A yes/no flag as each source system writes it (empty = unknown).
create or replace macro fmt_flag(b, source_system, x) as case
    when b is null or x < 0.04 then null
    when source_system = 'crm' then case when b then 'true' else 'false' end
    when source_system = 'web' then case when b then '1' else '0' end
    when source_system = 'store' then case when b then 'oui' else 'non' end
    when x < 0.6 then case when b then 'Y' else 'N' end
    else case when b then 'yes' else 'no' end
end;

-- ----- reference lists ----------------------------------------------------------------
create or replace macro female_first_names() as [
    'Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Emma', 'Jade', 'Louise', 'Zoé', 'Clémence',
    'Élodie', 'Hélène', 'Cécile', 'Anaïs', 'Maëlys', 'Gaëlle', 'Sophie', 'Nathalie', 'Isabelle',
    'Sylvie', 'Catherine', 'Françoise', 'Valérie', 'Sandrine', 'Aurélie', 'Céline', 'Julie',
    'Marie', 'Émilie', 'Laetitia', 'Mathilde', 'Pauline', 'Noémie', 'Océane', 'Margaux',
    'Marie-Claire', 'Anne-Sophie', 'Béatrice', 'Geneviève', 'Joséphine', 'Agnès', 'Brigitte',
    'Solène', 'Maëva', 'Léonie'];
create or replace macro male_first_names() as [
    'Lucas', 'Hugo', 'Louis', 'Gabriel', 'Raphaël', 'Arthur', 'Jules', 'Théo', 'Nathan', 'Mathis',
    'Thomas', 'Nicolas', 'Julien', 'Sébastien', 'Stéphane', 'Jérôme', 'François', 'Philippe',
    'Pierre', 'Jean', 'Michel', 'Alain', 'Patrick', 'Christophe', 'Frédéric', 'Laurent',
    'Olivier', 'Éric', 'Loïc', 'Yannick', 'Gaël', 'Benoît', 'Cédric', 'Jean-Pierre', 'Jean-Luc',
    'Jean-Baptiste', 'Hervé', 'Régis', 'Noël', 'Adrien', 'Maxime', 'Antoine', 'Clément',
    'Bastien', 'Timothée'];
create or replace macro last_names() as [
    'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy',
    'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux',
    'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Lefebvre', 'Mercier', 'Dupont',
    'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Garnier', 'Faure', 'Rousseau',
    'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin', 'Mathieu',
    'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin', 'Masson',
    'Sanchez', 'Gérard', 'Nguyen', 'Boyer', 'Denis', 'Lemaire', 'Duval', 'Joly', 'Gautier',
    'Roger', 'Roche', 'Roy', 'Noël', 'Meyer', 'Lucas', 'Meunier', 'Pérez', 'Marchand',
    'Dufour', 'Blanchard', 'Barbier', 'Brun', 'Dumas', 'Brunet', 'Schmitt', 'Leroux', 'Colin',
    'Fernandez', 'Renard', 'Arnaud', 'Rolland', 'Caron', 'Aubert', 'Giraud', 'Leclerc',
    'Vidal', 'Bourgeois', 'Renaud', 'Lemoine', 'Picard', 'Gaillard', 'Leclercq', 'Lacroix',
    'Fabre', 'Dupuis', 'Rodriguez', 'Da Silva', 'Hubert', 'Guillot', 'Rivière', 'Hébert',
    'Ménard', 'Bénard', 'Le Gall', 'Le Goff', 'Le Roux', 'Le Bihan', 'Le Corre', 'Le Meur',
    'Le Bris', 'Le Floch', 'Le Guen', 'de La Fontaine', 'de Lattre', 'de Montfort',
    'de Saint-Aubin', 'du Plessis', 'd''Aubigné', 'd''Almeida', 'N''Diaye', 'Lefèvre-Dupré'];
create or replace macro fr_cities() as [
    {'c': 'Paris', 'p': 75001, 'k': 20, 's': 1}, {'c': 'Marseille', 'p': 13001, 'k': 16, 's': 1},
    {'c': 'Lyon', 'p': 69001, 'k': 9, 's': 1}, {'c': 'Toulouse', 'p': 31000, 'k': 6, 's': 100},
    {'c': 'Nice', 'p': 6000, 'k': 4, 's': 100}, {'c': 'Nantes', 'p': 44000, 'k': 4, 's': 100},
    {'c': 'Montpellier', 'p': 34000, 'k': 1, 's': 1}, {'c': 'Strasbourg', 'p': 67000, 'k': 3, 's': 100},
    {'c': 'Bordeaux', 'p': 33000, 'k': 4, 's': 100}, {'c': 'Lille', 'p': 59000, 'k': 1, 's': 1},
    {'c': 'Rennes', 'p': 35000, 'k': 1, 's': 1}, {'c': 'Reims', 'p': 51100, 'k': 1, 's': 1},
    {'c': 'Le Havre', 'p': 76600, 'k': 1, 's': 1}, {'c': 'Saint-Étienne', 'p': 42000, 'k': 2, 's': 100},
    {'c': 'Toulon', 'p': 83000, 'k': 3, 's': 100}, {'c': 'Grenoble', 'p': 38000, 'k': 2, 's': 100},
    {'c': 'Dijon', 'p': 21000, 'k': 1, 's': 1}, {'c': 'Angers', 'p': 49000, 'k': 2, 's': 100},
    {'c': 'Nîmes', 'p': 30000, 'k': 1, 's': 1}, {'c': 'Villeurbanne', 'p': 69100, 'k': 1, 's': 1},
    {'c': 'Clermont-Ferrand', 'p': 63000, 'k': 2, 's': 100}, {'c': 'Le Mans', 'p': 72000, 'k': 2, 's': 100},
    {'c': 'Aix-en-Provence', 'p': 13100, 'k': 1, 's': 1}, {'c': 'Brest', 'p': 29200, 'k': 1, 's': 1},
    {'c': 'Tours', 'p': 37000, 'k': 3, 's': 100}, {'c': 'Amiens', 'p': 80000, 'k': 1, 's': 1},
    {'c': 'Limoges', 'p': 87000, 'k': 2, 's': 100}, {'c': 'Annecy', 'p': 74000, 'k': 1, 's': 1},
    {'c': 'Perpignan', 'p': 66000, 'k': 2, 's': 100}, {'c': 'Boulogne-Billancourt', 'p': 92100, 'k': 1, 's': 1},
    {'c': 'Metz', 'p': 57000, 'k': 1, 's': 1}, {'c': 'Besançon', 'p': 25000, 'k': 1, 's': 1},
    {'c': 'Orléans', 'p': 45000, 'k': 2, 's': 100}, {'c': 'Saint-Denis', 'p': 93200, 'k': 1, 's': 1},
    {'c': 'Argenteuil', 'p': 95100, 'k': 1, 's': 1}, {'c': 'Rouen', 'p': 76000, 'k': 2, 's': 100},
    {'c': 'Montreuil', 'p': 93100, 'k': 1, 's': 1}, {'c': 'Mulhouse', 'p': 68100, 'k': 2, 's': 100},
    {'c': 'Caen', 'p': 14000, 'k': 1, 's': 1}, {'c': 'Nancy', 'p': 54000, 'k': 2, 's': 100},
    {'c': 'Versailles', 'p': 78000, 'k': 1, 's': 1}, {'c': 'Ajaccio', 'p': 20000, 'k': 1, 's': 1},
    {'c': 'Pau', 'p': 64000, 'k': 1, 's': 1}, {'c': 'La Rochelle', 'p': 17000, 'k': 1, 's': 1},
    {'c': 'Avignon', 'p': 84000, 'k': 1, 's': 1}, {'c': 'Poitiers', 'p': 86000, 'k': 1, 's': 1},
    {'c': 'Colmar', 'p': 68000, 'k': 1, 's': 1}, {'c': 'Vannes', 'p': 56000, 'k': 1, 's': 1},
    {'c': 'Quimper', 'p': 29000, 'k': 1, 's': 1}, {'c': 'Bayonne', 'p': 64100, 'k': 1, 's': 1},
    {'c': 'Chambéry', 'p': 73000, 'k': 1, 's': 1}, {'c': 'Saint-Malo', 'p': 35400, 'k': 1, 's': 1},
    {'c': 'Bourg-en-Bresse', 'p': 1000, 'k': 1, 's': 1}, {'c': 'Valence', 'p': 26000, 'k': 1, 's': 1},
    {'c': 'Cannes', 'p': 6400, 'k': 1, 's': 1}, {'c': 'Antibes', 'p': 6600, 'k': 1, 's': 1},
    {'c': 'Saint-Nazaire', 'p': 44600, 'k': 1, 's': 1}, {'c': 'Troyes', 'p': 10000, 'k': 1, 's': 1},
    {'c': 'Niort', 'p': 79000, 'k': 1, 's': 1}, {'c': 'Créteil', 'p': 94000, 'k': 1, 's': 1},
    {'c': 'Nanterre', 'p': 92000, 'k': 1, 's': 1}, {'c': 'Vincennes', 'p': 94300, 'k': 1, 's': 1},
    {'c': 'Neuilly-sur-Seine', 'p': 92200, 'k': 1, 's': 1}, {'c': 'L''Haÿ-les-Roses', 'p': 94240, 'k': 1, 's': 1}];
create or replace macro be_cities() as [
    {'c': 'Bruxelles', 'p': 1000, 'k': 1, 's': 1}, {'c': 'Ixelles', 'p': 1050, 'k': 1, 's': 1},
    {'c': 'Schaerbeek', 'p': 1030, 'k': 1, 's': 1}, {'c': 'Liège', 'p': 4000, 'k': 1, 's': 1},
    {'c': 'Namur', 'p': 5000, 'k': 1, 's': 1}, {'c': 'Charleroi', 'p': 6000, 'k': 1, 's': 1},
    {'c': 'Mons', 'p': 7000, 'k': 1, 's': 1}, {'c': 'Louvain-la-Neuve', 'p': 1348, 'k': 1, 's': 1},
    {'c': 'Tournai', 'p': 7500, 'k': 1, 's': 1}, {'c': 'Wavre', 'p': 1300, 'k': 1, 's': 1}];
create or replace macro ch_cities() as [
    {'c': 'Genève', 'p': 1201, 'k': 9, 's': 1}, {'c': 'Lausanne', 'p': 1003, 'k': 5, 's': 1},
    {'c': 'Neuchâtel', 'p': 2000, 'k': 1, 's': 1}, {'c': 'Fribourg', 'p': 1700, 'k': 1, 's': 1},
    {'c': 'Sion', 'p': 1950, 'k': 1, 's': 1}, {'c': 'Montreux', 'p': 1820, 'k': 1, 's': 1},
    {'c': 'La Chaux-de-Fonds', 'p': 2300, 'k': 1, 's': 1}];
create or replace macro lu_cities() as [
    {'c': 'Luxembourg', 'p': 1450, 'k': 1, 's': 1}, {'c': 'Esch-sur-Alzette', 'p': 4002, 'k': 1, 's': 1},
    {'c': 'Differdange', 'p': 4501, 'k': 1, 's': 1}, {'c': 'Dudelange', 'p': 3401, 'k': 1, 's': 1},
    {'c': 'Ettelbruck', 'p': 9001, 'k': 1, 's': 1}];
create or replace macro fr_streets() as [
    'rue de la République', 'rue Victor Hugo', 'avenue Jean Jaurès', 'boulevard Gambetta',
    'place de la Mairie', 'rue Pasteur', 'rue de la Gare', 'chemin des Vignes',
    'allée des Tilleuls', 'impasse des Lilas', 'rue du Général de Gaulle', 'avenue de Verdun',
    'rue Saint-Michel', 'quai des Chartrons', 'rue des Écoles', 'rue du Moulin',
    'boulevard Voltaire', 'rue Nationale', 'avenue Foch', 'rue de Paris', 'route de Lyon',
    'rue Jules Ferry', 'rue de l''Église', 'place du Marché', 'rue Émile Zola', 'rue Lamartine',
    'rue du Château', 'cours Mirabeau', 'rue Sainte-Catherine', 'rue des Fleurs',
    'chemin du Lavoir', 'rue Anatole France', 'rue de Bretagne', 'avenue du Maréchal Leclerc',
    'boulevard de la Liberté', 'rue des Acacias'];
create or replace macro other_streets() as [
    'Rue de la Loi', 'Avenue Louise', 'Chaussée de Waterloo', 'Rue Neuve', 'Boulevard d''Avroy',
    'Rue des Carmes', 'Rue du Rhône', 'Avenue de la Gare', 'Route de Berne', 'Rue de la Gare',
    'Avenue de la Liberté', 'Grand-Rue'];
create or replace macro fr_email_domains() as [
    'gmail.com', 'orange.fr', 'free.fr', 'hotmail.fr', 'yahoo.fr', 'wanadoo.fr', 'laposte.net',
    'sfr.fr', 'outlook.fr', 'icloud.com', 'live.fr', 'bbox.fr'];

-- The street address of the household drawn from key a (a person number) and version key
-- vkey ('' or 'v2'): street number, street, complement.
create or replace macro street_number_of(a, vkey) as
    cast(cast(1 + floor(u2(a, vkey, 'street_number') * 180) as bigint) as varchar)
    || case when u(a, 'number_suffix') < 0.03 then ' bis' when u(a, 'number_suffix') < 0.04 then ' ter' else '' end;
create or replace macro street_of(a, vkey, country) as
    case when country = 'FR' then pick(fr_streets(), u2(a, vkey, 'street'))
         else pick(other_streets(), u2(a, vkey, 'street')) end;
create or replace macro complement_of(a) as case
    when u(a, 'complement') < 0.06 then ', Apt ' || cast(cast(1 + floor(u(a, 'apartment') * 60) as bigint) as varchar)
    when u(a, 'complement') < 0.09 then ', Bât. ' || pick(['A', 'B', 'C', 'D'], u(a, 'building'))
    when u(a, 'complement') < 0.11 then ', Résidence Les Pins'
    else ''
end;
-- ----- business lines (thresholds mirror var lifecycle_rules in dbt_project.yml) ----
create or replace table lines as
select * from (values
    (1, 'fashion_store', 'retail', 243, 730, 0.58),
    (2, 'gold_card', 'credit_card', 182, 547, 0.14),
    (3, 'streaming_plus', 'subscription', 60, 365, 0.20),
    (4, 'car_lease', 'auto_lease', 365, 1095, 0.05)
) as t (line_idx, business_line, industry, dormant_days, lost_days, weight);
