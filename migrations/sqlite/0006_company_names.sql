-- 0006: company names in one form (crm_shared::formats::company_name): the server now keeps
-- round brackets full-width, as Chinese company names are registered, so that 苏州甲乙(集团)
-- and 苏州甲乙（集团） are one name to the duplicate-name warning. Names saved before get the
-- same brackets; the name index follows through its trigger.
UPDATE customers
   SET name = replace(replace(name, '(', '（'), ')', '）')
 WHERE instr(name, '(') > 0 OR instr(name, ')') > 0;

UPDATE opportunities
   SET customer_name = replace(replace(customer_name, '(', '（'), ')', '）')
 WHERE instr(customer_name, '(') > 0 OR instr(customer_name, ')') > 0;
