"""Small, targeted fixes for Django 5.2 behaviour that turns bad input into a 500.

Found by tests/test_hostile_input.py. Each fix checks the input before Django sends it
to the database; none changes what valid input does. Installed from
CampaignConfig.ready(); remove a fix when the Django release in use no longer needs it.
"""

from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.forms.formsets import DEFAULT_MAX_NUM, ManagementForm
from django.forms.models import ModelMultipleChoiceField


def valid_key(field, value):
    """`value` converted for `field` (a primary key or other unique field), or None
    when it is malformed or outside the range the database can store."""
    try:
        converted = field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return None
    if isinstance(field, models.IntegerField | models.AutoField) and converted is not None:
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        if (low is not None and converted < low) or (high is not None and converted > high):
            return None
    return converted


def valid_pks(model, values):
    """The well-formed primary keys of `model` among `values` (ids posted by a form)."""
    keys = (valid_key(model._meta.pk, value) for value in values)
    return [key for key in keys if key is not None]


def _target_field(queryset, to_field_name):
    opts = queryset.model._meta
    return opts.get_field(to_field_name) if to_field_name else opts.pk


_check_values = ModelMultipleChoiceField._check_values


def _check_values_in_range(self, value):
    # Django filters with every posted id at once; an id beyond the integer range makes
    # that query fail (OverflowError on SQLite, DataError on PostgreSQL) instead of
    # giving the form's "not a valid value" error.
    field = _target_field(self.queryset, self.to_field_name)
    for pk in value or ():
        if valid_key(field, pk) is None and str(pk) not in self.empty_values:
            raise ValidationError(
                self.error_messages["invalid_pk_value"],
                code="invalid_pk_value",
                params={"pk": pk},
            )
    return _check_values(self, value)


_optgroups = AutocompleteMixin.optgroups


def _optgroups_of_valid_values(self, name, value, attr=None):
    # Re-displaying a form whose autocomplete field got garbage ("abc") makes Django
    # query with it and fail; show only values that can be real ids.
    remote_opts = self.field.remote_field.model._meta
    to_field = getattr(self.field.remote_field, "field_name", None) or remote_opts.pk.name
    field = remote_opts.get_field(to_field)
    value = [v for v in value if v in ("", None) or valid_key(field, v) is not None]
    return _optgroups(self, name, value, attr)


def _positions_then_rest(formset, arg):
    """django-nested-admin's `formsetsort` filter, without its two crashes: a posted
    position that is not a number (ValueError) and two rows with the same position
    (it then compares the forms themselves: TypeError)."""
    if not arg:
        return list(formset)

    def key(item):
        position = item.form[arg].data
        try:
            number = int(position)
        except (TypeError, ValueError):
            return (1, 0)
        return (1, 0) if number == -1 else (0, number)

    return sorted(formset, key=key)


def _nested_queryset_of_valid_ids(self):
    """django-nested-admin's formset queryset, filtering only by well-formed ids (it
    passes posted ids straight to the database: a 500 for "abc" or 10**20)."""
    if not self.data:
        return super(_NestedFormSet, self).get_queryset()
    if getattr(self, "_queryset_of_valid_ids", None) is None:
        pk = self.model._meta.pk
        keys = [f"{self.add_prefix(i)}-{pk.name}" for i in range(self.initial_form_count())]
        ids = valid_pks(self.model, [self.data.get(key) for key in keys if self.data.get(key)])
        queryset = self.model._default_manager.get_queryset().filter(pk__in=ids)
        self._queryset_of_valid_ids = queryset if queryset.ordered else queryset.order_by(pk.name)
    return self._queryset_of_valid_ids


_NestedFormSet = None


def install():
    ModelMultipleChoiceField._check_values = _check_values_in_range
    AutocompleteMixin.optgroups = _optgroups_of_valid_values
    try:
        from nested_admin.templatetags import nested_admin as nested_admin_tags
    except ImportError:  # pragma: no cover - the briefings admin needs it
        pass
    else:
        nested_admin_tags.register.filters["formsetsort"] = _positions_then_rest
        from nested_admin.formsets import NestedInlineFormSetMixin

        global _NestedFormSet
        _NestedFormSet = NestedInlineFormSetMixin
        NestedInlineFormSetMixin.get_queryset = _nested_queryset_of_valid_ids
    # A formset told it has -1 initial forms slices its forms with a negative index and
    # saves existing rows as new ones (an IntegrityError); one told it has 10**20
    # (nested-admin builds a list that long) never answers. Counts are 0..1000, the
    # ceiling Django itself puts on a formset.
    for name in ("TOTAL_FORMS", "INITIAL_FORMS"):
        field = ManagementForm.base_fields[name]
        if field.min_value is None:
            field.min_value, field.max_value = 0, DEFAULT_MAX_NUM
            field.validators += [MinValueValidator(0), MaxValueValidator(DEFAULT_MAX_NUM)]
