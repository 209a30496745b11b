-- Posts written before mentions were shown as plain names kept the typing code in their stored HTML
-- ("@[Priya Shah]"). Newer posts show the name alone, so older ones are brought in line: the @ and brackets
-- of a bracketed mention are dropped wherever the @ does not sit inside a word (as in an email address),
-- which is the rule the renderer applies to new text. Earlier revisions keep what was shown at the time.
UPDATE posts
   SET body_html = regexp_replace(body_html, '(^|[^[:alnum:]._+-])@\[([^]<>\n]{1,100})\]', '\1\2', 'g')
 WHERE body_html LIKE '%@[%';
